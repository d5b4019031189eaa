/**
 * Validation on save (brief §2.2, §4): every problem in one answer, each naming where it is (a JSON path that
 * uses the rule's id when it has one), which rule it belongs to and which field, so an operator can fix a rule
 * set in one pass. Nothing here throws on bad input.
 */
import type { z } from 'zod';
import { findRuleSetProblems, get, type PathPart } from './rule-set-checks.js';
import { scoringRuleSetShape } from './rule-set-schema.js';
import { RULE_ID_PATTERN, RULE_SET_LIMITS as L, type ScoringRuleSet } from './rule-set.js';
import { clip } from './show.js';

export interface RuleSetError {
  /** JSON path such as `fit.rules[id=vp-title].operator`, `fit.rules[3].points` or `tiers.warm`; '' for the whole. */
  path: string;
  /** The rule: its id, or `fit.rules[3]` when it has none; for settings, the section (`engagement`, `tiers`). */
  rule?: string;
  /** A rule's field (`titleSeniority`); for settings, the setting (`open`, `warm`). */
  field?: string;
  message: string;
  /** Where in the text, when the rule set was given as JSON or YAML text (1-based). */
  line?: number;
  column?: number;
}

export type RuleSetValidation = { ok: true; ruleSet: ScoringRuleSet } | { ok: false; errors: RuleSetError[] };

/** A located error plus its path as parts, so text validation can find the line. */
export interface LocatedError extends RuleSetError {
  parts: PathPart[];
}

// Keys that would reach Object.prototype if anyone copied the object naively; named so the message is plain.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function validateScoringRuleSet(input: unknown): RuleSetValidation {
  const result = validateLocated(input);
  return result.ok ? result : { ok: false, errors: result.errors.map(({ parts: _parts, ...error }) => error) };
}

export function validateLocated(input: unknown): { ok: true; ruleSet: ScoringRuleSet } | { ok: false; errors: LocatedError[] } {
  const guard = guardInput(input);
  if (guard.fatal) return { ok: false, errors: [locate(input, [], guard.fatal)] };

  const errors: LocatedError[] = guard.problems.map((p) => locate(input, p.path, p.message));
  const parsed = scoringRuleSetShape.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors.push(...fromIssue(input, issue));
  }
  for (const problem of findRuleSetProblems(input)) errors.push(locate(input, problem.path, problem.message));
  if (errors.length > 0 || !parsed.success) return { ok: false, errors: sortErrors(dedupe(errors)) };
  // The shape passed and the checks found nothing: the value has the ScoringRuleSet type's guarantees.
  return { ok: true, ruleSet: parsed.data as ScoringRuleSet };
}

/**
 * Before the schema walks it: size and depth (a million-element list is refused without being walked), keys
 * that name prototypes, and values JSON cannot carry (class instances, dates, maps).
 */
function guardInput(input: unknown): { fatal?: string; problems: Array<{ path: PathPart[]; message: string }> } {
  const problems: Array<{ path: PathPart[]; message: string }> = [];
  let nodes = 0;
  const stack: Array<[unknown, PathPart[]]> = [[input, []]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (++nodes > L.maxNodes) return { fatal: `rule set is too large (more than ${L.maxNodes} values)`, problems };
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= L.maxDepth) return { fatal: `rule set is nested deeper than ${L.maxDepth} levels`, problems };
    const proto = Object.getPrototypeOf(value);
    if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
      const message = 'must be plain JSON data (an object, list, text, number or true/false)';
      if (path.length === 0) return { fatal: message, problems };
      problems.push({ path, message });
      continue;
    }
    const keys = Object.keys(value);
    if (nodes + stack.length + keys.length > L.maxNodes) return { fatal: `rule set is too large (more than ${L.maxNodes} values)`, problems };
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const part: PathPart = Array.isArray(value) && /^\d+$/.test(key) ? Number(key) : key;
      if (FORBIDDEN_KEYS.has(key)) problems.push({ path: [...path, key], message: `key "${key}" is not allowed` });
      else stack.push([(value as Record<string, unknown>)[key], [...path, part]]);
    }
  }
  return { problems };
}

function fromIssue(input: unknown, issue: z.core.$ZodIssue): LocatedError[] {
  const path = issue.path as PathPart[];
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeys(path);
    // Forbidden keys were reported by the guard with a plainer message.
    return issue.keys
      .filter((key) => !FORBIDDEN_KEYS.has(key))
      .map((key) => locate(input, [...path, key], `unknown property "${clip(key, 40)}"${allowed ? `; allowed: ${allowed}` : ''}`));
  }
  return [locate(input, path, issue.message)];
}

function allowedKeys(path: readonly PathPart[]): string | undefined {
  if (path.length === 0) return 'version, name, fit, intent, engagement, tiers';
  if (path.length === 1 && (path[0] === 'fit' || path[0] === 'intent')) return 'max, rules';
  if (path.length === 3 && path[1] === 'rules') return 'id, field, operator, value, points, reason';
  if (path.length === 1 && path[0] === 'engagement') return 'open, click, reply, cap, decay';
  if (path.length === 1 && path[0] === 'tiers') return 'hot, warm, cool';
  return undefined;
}

/** Builds the error for a path: the path string, plus the rule (id or section) and the field. */
export function locate(input: unknown, parts: PathPart[], message: string): LocatedError {
  const error: LocatedError = { path: formatPath(input, parts), message, parts };
  const [section, rules, index, key] = parts;
  if ((section === 'fit' || section === 'intent') && rules === 'rules' && typeof index === 'number') {
    const rule = ruleAt(input, section, index);
    const id = get(rule, 'id');
    error.rule = typeof id === 'string' && RULE_ID_PATTERN.test(id) ? id : `${section}.rules[${index}]`;
    const field = get(rule, 'field');
    if (typeof field === 'string' && field !== '') error.field = clip(field, 64);
    else if (typeof key === 'string') error.field = key;
  } else if (section === 'fit' || section === 'intent' || section === 'engagement' || section === 'tiers') {
    error.rule = section;
    const last = [...parts].reverse().find((p): p is string => typeof p === 'string');
    if (last !== undefined && parts.length > 1) error.field = last;
  } else if (typeof section === 'string') {
    error.field = section;
  }
  return error;
}

/**
 * `fit.rules[id=vp-title].operator` when the rule has a valid id that no other rule uses, else
 * `fit.rules[3].operator`. Keys that are not identifiers are quoted: `engagement["bad key"]`.
 */
export function formatPath(input: unknown, parts: readonly PathPart[]): string {
  let out = '';
  parts.forEach((part, i) => {
    if (typeof part === 'number') {
      const id = i === 2 && parts[1] === 'rules' && (parts[0] === 'fit' || parts[0] === 'intent') ? uniqueId(input, parts[0], part) : undefined;
      out += id === undefined ? `[${part}]` : `[id=${id}]`;
    } else if (/^[A-Za-z_$][\w$]*$/.test(part)) {
      out += out === '' ? part : `.${part}`;
    } else {
      out += `[${JSON.stringify(clip(part, 40))}]`;
    }
  });
  return out;
}

function ruleAt(input: unknown, section: string, index: number): unknown {
  const rules = get(get(input, section), 'rules');
  return Array.isArray(rules) ? rules[index] : undefined;
}

function uniqueId(input: unknown, section: string, index: number): string | undefined {
  const id = get(ruleAt(input, section, index), 'id');
  if (typeof id !== 'string' || !RULE_ID_PATTERN.test(id) || id.length > L.maxIdLength) return undefined;
  let uses = 0;
  for (const s of ['fit', 'intent']) {
    const rules = get(get(input, s), 'rules');
    if (Array.isArray(rules)) for (const rule of rules) if (get(rule, 'id') === id) uses++;
  }
  return uses === 1 ? id : undefined;
}

function dedupe(errors: LocatedError[]): LocatedError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// Errors read in the order of the document: sections, then rules by position, then a rule's keys.
const KEY_ORDER = [
  ...['version', 'name', 'fit', 'intent', 'engagement', 'tiers', 'max', 'rules', 'id', 'field', 'operator', 'value', 'points', 'reason'],
  ...['open', 'click', 'reply', 'cap', 'decay', 'kind', 'halfLifeDays', 'maxAgeDays', 'steps', 'afterDays', 'keep', 'hot', 'warm', 'cool'],
];

function sortErrors(errors: LocatedError[]): LocatedError[] {
  return errors
    .map((error, i) => ({ error, i }))
    .sort((a, b) => comparePaths(a.error.parts, b.error.parts) || a.i - b.i)
    .map(({ error }) => error);
}

function comparePaths(a: readonly PathPart[], b: readonly PathPart[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i]!, b[i]!];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    const [rx, ry] = [rank(x), rank(y)];
    return rx !== ry ? rx - ry : String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

function rank(part: PathPart): number {
  if (typeof part === 'number') return -1;
  const i = KEY_ORDER.indexOf(part);
  return i === -1 ? KEY_ORDER.length : i;
}

/**
 * Validation on save: every problem in one answer, each naming where it is (JSON path), which territory, owner
 * or section it belongs to (`rule`) and which setting (`field`), so an operator can fix a rule set in one pass.
 */
import type { z } from 'zod';
import { RULE_SET_LIMITS, routingRuleSetSchema, type RoutingRuleSet } from './routing-rule-set.js';

export interface RuleSetError {
  /** JSON path such as `territories[1].match.employeeCount.gte`; '' for the rule set itself. */
  path: string;
  /** Territory or owner id, or the section (`sequences`, `guardrails`, `sla`) the problem is in. */
  rule?: string;
  /** The setting: a lead field for territory conditions (`country`), otherwise the key (`weight`, `owners`). */
  field?: string;
  message: string;
}

export type RuleSetValidation = { ok: true; ruleSet: RoutingRuleSet } | { ok: false; errors: RuleSetError[] };

type PathPart = string | number;

// Keys that would reach Object.prototype if anyone copied the object naively; named so the message is plain.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function validateRoutingRuleSet(input: unknown): RuleSetValidation {
  const size = checkSize(input);
  if (size) return { ok: false, errors: [size] };

  const errors: RuleSetError[] = [];
  const parsed = routingRuleSetSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors.push(...fromIssue(input, issue));
  }
  // Cross-checks read the raw input defensively, so they report even when other parts failed the schema.
  errors.push(...crossCheck(input));
  if (errors.length > 0 || !parsed.success) return { ok: false, errors: dedupe(errors) };
  return { ok: true, ruleSet: parsed.data };
}

/** Depth and node count first: a deeply nested or huge body is refused before the schema walks it. */
function checkSize(input: unknown): RuleSetError | undefined {
  let nodes = 0;
  const stack: Array<[unknown, number]> = [[input, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (++nodes > RULE_SET_LIMITS.maxNodes) {
      return { path: '', message: `rule set is too large (more than ${RULE_SET_LIMITS.maxNodes} values)` };
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= RULE_SET_LIMITS.maxDepth) {
      return { path: '', message: `rule set is nested deeper than ${RULE_SET_LIMITS.maxDepth} levels` };
    }
    // Count children before listing them, so a million-element array is refused without being copied.
    const children = Array.isArray(value) ? value.length : Object.keys(value).length;
    if (nodes + stack.length + children > RULE_SET_LIMITS.maxNodes) {
      return { path: '', message: `rule set is too large (more than ${RULE_SET_LIMITS.maxNodes} values)` };
    }
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return undefined;
}

function fromIssue(input: unknown, issue: z.core.$ZodIssue): RuleSetError[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) =>
      locate(input, [...(issue.path as PathPart[]), key], FORBIDDEN_KEYS.has(key) ? `key "${key}" is not allowed` : `unknown key "${key}"`),
    );
  }
  return [locate(input, issue.path as PathPart[], issue.message)];
}

/** Builds the error for a path: the path string, plus the rule (territory/owner id or section) and field. */
function locate(input: unknown, path: readonly PathPart[], message: string): RuleSetError {
  const error: RuleSetError = { path: formatPath(path), message };
  const [section, index, key, sub] = path;
  if ((section === 'territories' || section === 'owners') && typeof index === 'number') {
    const ruleId = idAt(input, section, index);
    if (ruleId !== undefined) error.rule = ruleId;
    const field = section === 'territories' && key === 'match' && sub !== undefined ? sub : key;
    if (field !== undefined) error.field = String(field);
  } else if (section === 'sequences' || section === 'guardrails' || section === 'sla') {
    error.rule = section;
    if (index !== undefined) error.field = String(index);
  } else if (section !== undefined) {
    error.field = String(section);
  }
  return error;
}

function formatPath(path: readonly PathPart[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out;
}

function idAt(input: unknown, section: 'territories' | 'owners', index: number): string | undefined {
  const list = field(input, section);
  const item = Array.isArray(list) ? list[index] : undefined;
  const value = field(item, 'id');
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

function list(value: unknown, key: string): unknown[] {
  const v = field(value, key);
  return Array.isArray(v) ? v : [];
}

/** Rules that span several parts of the rule set, which the schema cannot see. */
function crossCheck(input: unknown): RuleSetError[] {
  const errors: RuleSetError[] = [];
  const owners = list(input, 'owners');
  const territories = list(input, 'territories');

  const ownerIds = new Set<string>();
  owners.forEach((owner, i) => {
    const ownerId = field(owner, 'id');
    if (typeof ownerId !== 'string') return;
    if (ownerIds.has(ownerId)) errors.push(locate(input, ['owners', i, 'id'], `owner ${ownerId} is listed more than once`));
    ownerIds.add(ownerId);
  });

  const territoryIds = new Set<string>();
  let catchAll: string | undefined;
  territories.forEach((territory, i) => {
    const territoryId = field(territory, 'id');
    const name = typeof territoryId === 'string' ? `territory ${territoryId}` : `territory #${i + 1}`;
    if (typeof territoryId === 'string') {
      if (territoryIds.has(territoryId)) errors.push(locate(input, ['territories', i, 'id'], `${name} is listed more than once`));
      territoryIds.add(territoryId);
    }

    const seen = new Set<string>();
    list(territory, 'owners').forEach((ownerId, j) => {
      if (typeof ownerId !== 'string') return;
      if (seen.has(ownerId)) {
        errors.push(locate(input, ['territories', i, 'owners', j], `${name} lists owner ${ownerId} more than once`));
      } else if (owners.length > 0 && !ownerIds.has(ownerId)) {
        errors.push(locate(input, ['territories', i, 'owners', j], `${name} names owner ${ownerId}, who is not in owners`));
      }
      seen.add(ownerId);
    });

    const match = field(territory, 'match');
    const employees = field(match, 'employeeCount');
    if (typeof employees === 'object' && employees !== null && !Array.isArray(employees)) {
      const gte = field(employees, 'gte');
      const lte = field(employees, 'lte');
      if (gte === undefined && lte === undefined) {
        errors.push(locate(input, ['territories', i, 'match', 'employeeCount'], `${name}: employeeCount needs gte, lte or both`));
      } else if (typeof gte === 'number' && typeof lte === 'number' && gte > lte) {
        errors.push(locate(input, ['territories', i, 'match', 'employeeCount'], `${name}: employeeCount.gte ${gte} is above lte ${lte}, so nothing matches`));
      }
    }

    // A territory after a catch-all can never match: almost certainly a mistake in the order.
    if (catchAll !== undefined) {
      errors.push(locate(input, ['territories', i], `${name} can never match: ${catchAll} before it matches every lead`));
    } else if (typeof match === 'object' && match !== null && !Array.isArray(match) && Object.keys(match).length === 0) {
      catchAll = name;
    }
  });

  const sla = field(input, 'sla');
  if (field(sla, 'action') === 'escalate' && field(sla, 'escalateTo') === undefined) {
    errors.push(locate(input, ['sla', 'escalateTo'], 'escalateTo is required when the SLA action is escalate'));
  }
  return errors;
}

function dedupe(errors: RuleSetError[]): RuleSetError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

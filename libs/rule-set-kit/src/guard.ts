/**
 * The guard every rule set passes before its schema walks it: a JSON object at the top, plain JSON data only,
 * no key that names a prototype, and bounded size and depth (a million-element list is refused without being
 * walked). The limits are the strictest any kind had before they shared this guard (docs/decisions/0008).
 */
import type { PathPart, RuleSetProblem } from './rule-set-error.js';
import { describeValue } from './show-value.js';

export interface RuleSetGuardLimits {
  /** Values in the whole rule set (objects, lists and scalars). */
  readonly maxNodes: number;
  /** An object or list this many keys below the top is refused. */
  readonly maxDepth: number;
  /** Errors listed in one answer; the rest are counted in a last line. */
  readonly maxErrors: number;
  /** Keys that would reach Object.prototype if anyone copied the object naively. */
  readonly forbiddenKeys: readonly string[];
}

/** What a rule set must meet to be saved. */
export const RULE_SET_GUARD: RuleSetGuardLimits = Object.freeze({
  maxNodes: 20_000,
  maxDepth: 8,
  maxErrors: 100,
  forbiddenKeys: Object.freeze(['__proto__', 'constructor', 'prototype']),
});

/**
 * The widest limits any kind accepted before the shared guard (qualification: 200,000 values, 12 levels, only
 * `__proto__` refused). Only for reading back versions saved under those limits, which keep working.
 */
export const STORED_RULE_SET_GUARD: RuleSetGuardLimits = Object.freeze({
  maxNodes: 200_000,
  maxDepth: 13,
  maxErrors: 100,
  forbiddenKeys: Object.freeze(['__proto__']),
});

export interface GuardResult {
  /** A problem that stops validation here (nothing else is reported). */
  fatal?: RuleSetProblem;
  problems: RuleSetProblem[];
}

const PLAIN_DATA = 'must be plain JSON data (an object, list, text, number or true/false)';

export function guardRuleSet(input: unknown, limits: RuleSetGuardLimits = RULE_SET_GUARD): GuardResult {
  const problems: RuleSetProblem[] = [];
  const fatal = (message: string): GuardResult => ({ fatal: { path: [], message }, problems });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return fatal(`a rule set must be a JSON object (got ${describeValue(input)})`);
  const tooLarge = `rule set is too large (more than ${limits.maxNodes} values)`;
  const forbidden = new Set(limits.forbiddenKeys);
  let nodes = 0;
  const stack: Array<[unknown, PathPart[]]> = [[input, []]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (++nodes > limits.maxNodes) return fatal(tooLarge);
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= limits.maxDepth) return fatal(`rule set is nested deeper than ${limits.maxDepth} levels`);
    if (Array.isArray(value)) {
      // Count children before listing them, so a huge list is refused without being copied.
      if (nodes + stack.length + value.length > limits.maxNodes) return fatal(tooLarge);
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], [...path, i]]);
      continue;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      if (path.length === 0) return fatal(PLAIN_DATA);
      problems.push({ path, message: PLAIN_DATA });
      continue;
    }
    const keys = Object.keys(value);
    if (nodes + stack.length + keys.length > limits.maxNodes) return fatal(tooLarge);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (forbidden.has(key)) problems.push({ path: [...path, key], message: forbiddenKeyMessage(key) });
      else stack.push([(value as Record<string, unknown>)[key], [...path, key]]);
    }
  }
  return { problems };
}

export function forbiddenKeyMessage(key: string): string {
  return `key "${key}" is not allowed`;
}

/**
 * One validator per kind, built from the kind's schema and checks: the guard, then the schema, then the
 * cross-checks, every problem in one answer, located, deduplicated, in document order and capped. Nothing here
 * throws on bad input.
 */
import type { z } from 'zod';
import { RULE_SET_GUARD, guardRuleSet, type RuleSetGuardLimits } from './guard.js';
import { capErrors, dedupeErrors, sortErrors, type LocatedError } from './error-list.js';
import { Locator } from './locate.js';
import type { PathPart, RuleSetProblem, RuleSetValidation } from './rule-set-error.js';
import type { RuleSetKind } from './rule-set-kind.js';
import { parseRuleSetText, positionIn, type RuleSetSource } from './rule-set-text.js';
import { objectKeys, schemaAt } from './schema-walk.js';

export interface ValidateOptions {
  /** RULE_SET_GUARD unless said otherwise: STORED_RULE_SET_GUARD reads back versions saved under older limits. */
  guard?: RuleSetGuardLimits;
  /** The text the input was parsed from: errors then carry its line and column. */
  source?: RuleSetSource;
}

export type RuleSetValidator<T> = (input: unknown, options?: ValidateOptions) => RuleSetValidation<T>;

export function ruleSetValidator<T>(kind: RuleSetKind<T>): RuleSetValidator<T> {
  return (input, options = {}) => {
    const limits = options.guard ?? RULE_SET_GUARD;
    const forbidden = new Set(limits.forbiddenKeys);
    const guard = guardRuleSet(input, limits);
    const problems: RuleSetProblem[] = guard.fatal ? [guard.fatal] : [...guard.problems];
    let parsed: z.ZodSafeParseResult<unknown> | undefined;
    if (!guard.fatal) {
      parsed = kind.schema.safeParse(input);
      if (!parsed.success) for (const issue of parsed.error.issues) problems.push(...fromIssue(kind, input, issue, forbidden));
      if (kind.crossChecks) problems.push(...kind.crossChecks(input));
    }
    if (problems.length === 0 && parsed?.success) {
      // The shape passed and the cross-checks found nothing: the value has the rule-set type's guarantees.
      const ruleSet = parsed.data as T;
      return { ok: true, ruleSet: kind.normalise ? kind.normalise(ruleSet) : ruleSet };
    }

    const locator = new Locator(kind as RuleSetKind<unknown>, input);
    const located = problems.map((p): LocatedError => ({ parts: p.path, error: locator.locate(p.path, p.message) }));
    const errors = sortErrors(dedupeErrors(located), kind.schema, input).map(({ parts, error }) =>
      options.source ? { ...error, ...positionIn(options.source, parts) } : error,
    );
    return { ok: false, errors: capErrors(errors, limits.maxErrors) };
  };
}

/** Validates JSON or YAML text: syntax and validation errors alike carry a line and column. */
export function validateRuleSetText<T>(validate: RuleSetValidator<T>, text: string, options: Omit<ValidateOptions, 'source'> = {}): RuleSetValidation<T> {
  const parsed = parseRuleSetText(text);
  return parsed.ok ? validate(parsed.value, { ...options, source: parsed.source }) : parsed;
}

function fromIssue(kind: RuleSetKind<unknown>, input: unknown, issue: z.core.$ZodIssue, forbidden: ReadonlySet<string>): RuleSetProblem[] {
  const path = issue.path as PathPart[];
  if (issue.code !== 'unrecognized_keys') return [{ path, message: issue.message }];
  const allowed = objectKeys(schemaAt(kind.schema, path, input));
  // Forbidden keys were reported by the guard with a plainer message.
  return issue.keys
    .filter((key) => !forbidden.has(key))
    .map((key) => ({ path: [...path, key], message: unknownPropertyMessage(key, allowed) }));
}

export function unknownPropertyMessage(key: string, allowed: readonly string[] | undefined): string {
  const name = JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
  return `unknown property ${name}${allowed?.length ? `; allowed: ${allowed.join(', ')}` : ''}`;
}

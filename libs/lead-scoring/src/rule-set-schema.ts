/**
 * The zod schema of a scoring rule set. It checks the shape: known keys only (strict), types, whole numbers,
 * ranges and size caps, with messages written for the growth operator who typed the rule set. What depends on
 * several values at once (which operator suits which field, a rule's value, duplicate ids, opens weighing less
 * than clicks, descending tiers) is in rule-set-checks.ts; `scoringRuleSetSchema` runs both.
 */
import { z } from 'zod';
import { child as get } from '#libs/rule-set-kit';
import { findRuleSetProblems } from './rule-set-checks.js';
import { RULE_ID_PATTERN, RULE_SET_LIMITS as L, type ScoringRuleSet } from './rule-set.js';
import { describeValue } from './show.js';

type IssueInput = { readonly input?: unknown };

/** Message for a wrong type: "is required" when the key is absent, else what was expected and what came. */
export function expected(what: string): (issue: IssueInput) => string {
  return (issue) => (issue.input === undefined ? 'is required' : `must be ${what} (got ${describeValue(issue.input)})`);
}

export function wholeNumber(min: number, max: number) {
  return z
    .int({ error: expected(`a whole number from ${min} to ${max}`) })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });
}

export function finiteNumber(min: number, max: number, what = 'number') {
  return z
    .number({ error: expected(`a finite ${what} from ${min} to ${max}`) })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });
}

export function shortText(max: number = L.maxTextLength) {
  return z
    .string({ error: expected('text') })
    .refine((s) => s.trim() !== '', { error: 'must not be empty' })
    .refine((s) => s.length <= max, { error: (issue) => `is ${(issue.input as string).length} characters long; the limit is ${max}` });
}

const points = wholeNumber(-L.maxPoints, L.maxPoints);

const ruleShape = z.strictObject(
  {
    id: z
      .string({ error: expected('a rule id (text)') })
      .min(1, { error: 'must not be empty' })
      .max(L.maxIdLength, { error: `is longer than ${L.maxIdLength} characters` })
      .regex(RULE_ID_PATTERN, { error: 'must start with a letter or digit and use only letters, digits, "-" and "_"' }),
    // Field, operator and value are checked together in rule-set-checks.ts, which can say what would fit.
    field: z.string({ error: expected('a field name') }),
    operator: z.string({ error: expected('an operator name') }),
    value: z.unknown().optional(),
    points,
    reason: shortText().optional(),
  },
  { error: expected('a rule object') },
);

const section = z.strictObject(
  {
    max: wholeNumber(0, L.maxPoints).optional(),
    rules: z
      .array(ruleShape, { error: expected('a list of rules') })
      .max(L.maxRulesPerSection, { error: `has more than ${L.maxRulesPerSection} rules` }),
  },
  { error: expected('an object such as { "rules": [] }') },
);

const days = z
  .number({ error: expected(`a finite number of days, more than 0 and at most ${L.maxDays}`) })
  .gt(0, { error: 'must be more than 0 days' })
  .max(L.maxDays, { error: `must be at most ${L.maxDays} days` });

const step = z.strictObject(
  { afterDays: days, keep: finiteNumber(0, 1, 'fraction') },
  { error: expected('a step such as { "afterDays": 7, "keep": 0.5 }') },
);

const decay = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('half-life'), halfLifeDays: days, maxAgeDays: days.optional() }),
    z.strictObject({
      kind: z.literal('steps'),
      steps: z
        .array(step, { error: expected('a list of steps') })
        .min(1, { error: 'needs at least one step' })
        .max(L.maxDecaySteps, { error: `has more than ${L.maxDecaySteps} steps` }),
    }),
    z.strictObject({ kind: z.literal('none') }),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? `must be "half-life", "steps" or "none" (got ${describeValue(get(issue.input, 'kind'))})`
        : expected('an object such as { "kind": "half-life", "halfLifeDays": 14 }')(issue),
  },
);

const engagement = z.strictObject(
  {
    open: wholeNumber(0, L.maxPoints),
    click: wholeNumber(0, L.maxPoints),
    reply: wholeNumber(0, L.maxPoints),
    cap: wholeNumber(0, L.maxPoints),
    decay,
  },
  { error: expected('an object such as { "open": 1, "click": 4, "reply": 15, "cap": 25, "decay": { "kind": "none" } }') },
);

const tiers = z.strictObject(
  { hot: wholeNumber(0, 100), warm: wholeNumber(0, 100), cool: wholeNumber(0, 100) },
  { error: expected('an object such as { "hot": 75, "warm": 55, "cool": 35 }') },
);

/** Shape only: what validateScoringRuleSet runs before its own cross-checks. */
export const scoringRuleSetShape = z.strictObject(
  {
    version: wholeNumber(1, L.maxVersion),
    name: shortText().optional(),
    fit: section,
    intent: section,
    engagement,
    tiers,
  },
  { error: expected('an object') },
);

/**
 * The complete schema, for callers that want a zod type (a Nest pipe, an OpenAPI generator). Its cross-checks
 * run only once the shape is right; validateScoringRuleSet reports everything in one pass and names rules.
 */
export const scoringRuleSetSchema = scoringRuleSetShape.superRefine((value, ctx) => {
  for (const problem of findRuleSetProblems(value)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
}) as unknown as z.ZodType<ScoringRuleSet, unknown>;

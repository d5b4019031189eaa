/**
 * The scoring rule set: per campaign, versioned data that says how a lead's fit with the ideal
 * customer profile, its buying intent and its recent engagement add up to a 0–100 score and a tier.
 * Stored as JSON (or written as YAML); checked by `validateScoringRuleSet` before it is saved or compiled.
 *
 * How the score is made (score.ts):
 *   fit        = Σ points of matching fit rules, then lowered to `fit.max` when set
 *   intent     = Σ points of matching intent rules, then lowered to `intent.max` when set
 *   engagement = Σ per event: points of its kind × decay factor of its age, then lowered to `engagement.cap`
 *   score      = fit + intent + engagement, rounded to the nearest whole number (halves up), clamped to 0..100
 * Rule points are on the score's own scale: "+20 title seniority is vp" adds 20 to the score, so an operator
 * reads a score as a sum. Negative points are allowed (a country outside the ICP, a student's address).
 */

/** hot ≥ tiers.hot > warm ≥ tiers.warm > cool ≥ tiers.cool > cold. */
export { TIERS, type Tier } from '#libs/contracts';

/** Seniority read from a job title (title.ts), highest first. */
export const SENIORITIES = ['c-level', 'vp', 'head', 'director', 'manager', 'senior', 'individual', 'unknown'] as const;
export type Seniority = (typeof SENIORITIES)[number];

/** Department read from a job title (title.ts). `executive` is general management (CEO, founder, owner). */
export const TITLE_FUNCTIONS = [
  'engineering',
  'sales',
  'marketing',
  'product',
  'finance',
  'operations',
  'hr',
  'it',
  'legal',
  'executive',
  'customer-success',
  'data',
  'other',
] as const;
export type TitleFunction = (typeof TITLE_FUNCTIONS)[number];

/** Ideal-customer-profile fields: who the lead and its company are. */
export const FIT_FIELDS = ['industry', 'employeeCount', 'revenueBand', 'country', 'titleSeniority', 'titleFunction', 'technology'] as const;
export type FitField = (typeof FIT_FIELDS)[number];

/** Buying-intent fields: whether the lead is looking to buy now. Engagement is scored separately. */
export const INTENT_FIELDS = ['budget', 'timeline', 'keywords'] as const;
export type IntentField = (typeof INTENT_FIELDS)[number];

export type RuleField = FitField | IntentField;

export const OPERATORS = ['equals', 'in', 'notIn', 'containsAny', 'containsAll', 'between', 'gte', 'lte', 'missing'] as const;
export type Operator = (typeof OPERATORS)[number];

/**
 * Which operators make sense for which field. `equals`/`in`/`notIn` compare whole values (ignoring case,
 * diacritics and punctuation); `containsAny`/`containsAll` look for whole words or phrases inside the value;
 * `between` (inclusive), `gte` and `lte` compare numbers; `missing` fires when the lead has no value.
 * Every other rule never fires on a missing value: "not in our countries" needs a known country.
 */
export const OPERATORS_BY_FIELD: Readonly<Record<RuleField, readonly Operator[]>> = {
  industry: ['equals', 'in', 'notIn', 'containsAny', 'missing'],
  employeeCount: ['between', 'gte', 'lte', 'missing'],
  revenueBand: ['equals', 'in', 'notIn', 'missing'],
  country: ['equals', 'in', 'notIn', 'missing'],
  titleSeniority: ['equals', 'in', 'notIn', 'missing'],
  titleFunction: ['equals', 'in', 'notIn', 'missing'],
  technology: ['containsAny', 'containsAll', 'missing'],
  budget: ['between', 'gte', 'lte', 'missing'],
  timeline: ['equals', 'in', 'notIn', 'containsAny', 'missing'],
  // Keywords are searched in title + notes; "no keyword at all" is not a useful signal, so no `missing`.
  keywords: ['containsAny', 'containsAll'],
};

/** Size caps: a rule set is typed by people, so anything larger is a mistake or an attack. */
export const RULE_SET_LIMITS = {
  maxRulesPerSection: 200,
  maxListItems: 500,
  maxTextLength: 200,
  maxIdLength: 64,
  maxDecaySteps: 20,
  maxDays: 3650,
  maxPoints: 100,
  maxVersion: 1_000_000_000,
  // Size, depth and text length are the shared guard's (libs/rule-set-kit: RULE_SET_GUARD, RULE_SET_TEXT_LIMITS).
} as const;

/** Letters, digits, `-` and `_`; no dots, so rule ids never collide with built-in ids such as `engagement.click`. */
export const RULE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

interface RuleBase<F extends RuleField> {
  /** Unique within the rule set; stored with every contribution it makes. */
  id: string;
  field: F;
  /** Added to the score when the rule fires; -100..100, whole. */
  points: number;
  /** Replaces the generated explanation after the points, e.g. "country outside ICP". */
  reason?: string;
}

export type ScoringRule<F extends RuleField = RuleField> =
  | (RuleBase<F> & { operator: 'equals'; value: string })
  | (RuleBase<F> & { operator: 'in' | 'notIn' | 'containsAny' | 'containsAll'; value: string[] })
  | (RuleBase<F> & { operator: 'between'; value: [number, number] })
  | (RuleBase<F> & { operator: 'gte' | 'lte'; value: number })
  | (RuleBase<F> & { operator: 'missing'; value?: undefined });

export interface RuleSection<F extends RuleField> {
  /** Highest points the section can give (0..100); more is lowered to this, with a contribution saying so. */
  max?: number;
  rules: ScoringRule<F>[];
}

/**
 * How engagement ages out. `half-life`: an event's points halve every `halfLifeDays` and count for nothing after
 * `maxAgeDays`. `steps`: full points until the first `afterDays`, then `keep` × points from each step on.
 */
export type DecaySchedule =
  | { kind: 'half-life'; halfLifeDays: number; maxAgeDays?: number }
  | { kind: 'steps'; steps: Array<{ afterDays: number; keep: number }> }
  | { kind: 'none' };

export interface EngagementSettings {
  /** Points per open, click and reply (0..100). Opens must weigh less than clicks and replies. */
  open: number;
  click: number;
  reply: number;
  /** Most points engagement can give after decay (0..100). */
  cap: number;
  decay: DecaySchedule;
}

/** Lowest score of each tier; strictly descending. Below `cool` is cold. */
export interface TierThresholds {
  hot: number;
  warm: number;
  cool: number;
}

export interface ScoringRuleSet {
  /** Whole number ≥ 1; stored with every score so it can be explained and reproduced. */
  version: number;
  name?: string;
  fit: RuleSection<FitField>;
  intent: RuleSection<IntentField>;
  engagement: EngagementSettings;
  tiers: TierThresholds;
}

export function isFitField(field: string): field is FitField {
  return (FIT_FIELDS as readonly string[]).includes(field);
}

export function isIntentField(field: string): field is IntentField {
  return (INTENT_FIELDS as readonly string[]).includes(field);
}

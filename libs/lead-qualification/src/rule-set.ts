import { z } from 'zod';
import { countryCodeSchema, isRecord, ruleSetValidator, type PathPart, type RuleSetProblem, type RuleSetValidator } from '#libs/rule-set-kit';
import { CANONICAL_FIELDS, type CanonicalField } from '#libs/lead-intake';
import { EMAIL_REASON_CODES, EMAIL_VERDICTS } from './email-verdict.js';

/**
 * A campaign's qualification rule set: data, versioned, validated on save with errors that name the
 * rule and the field. Rules are tried in order and the first whose `when` matches decides; when none matches,
 * `default` decides. Within one `when`, every condition given must hold (AND); write two rules for OR.
 *
 * Two things no rule set can change (see qualify): suppressed addresses and domains are rejected, and an
 * `invalid` email is rejected.
 */

export const QUALIFICATION_DECISIONS = ['qualified', 'rejected', 'needs_review'] as const;
export type QualificationDecision = (typeof QUALIFICATION_DECISIONS)[number];

/** Size caps: a rule set is operator input and is refused, not truncated, past these. */
export const RULE_SET_LIMITS = {
  rules: 500,
  keywordLists: 50,
  keywordsPerList: 2000,
  keywordLength: 100,
  valuesPerCondition: 300,
  fieldConditions: 20,
  textLength: 500,
  // Size, depth and the error cap are the shared guard's (libs/rule-set-kit: RULE_SET_GUARD).
} as const;

const L = RULE_SET_LIMITS;

const NUMERIC_FIELDS: ReadonlySet<CanonicalField> = new Set(['employeeCount']);

const fieldName = z.enum(CANONICAL_FIELDS, { error: (i) => `unknown lead field ${JSON.stringify(i.input)}; known: ${CANONICAL_FIELDS.join(', ')}` });
const listName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,63}$/, 'a keyword list name is 1-64 characters of a-z, 0-9, "_" and "-", starting with a letter');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const values = <T extends z.ZodType>(item: T) => z.array(item).min(1, 'needs at least one value').max(L.valuesPerCondition, `at most ${L.valuesPerCondition} values`);
// Any case in, upper case out, with the message every kind of rule set gives.
const countryCode = countryCodeSchema();

const atLeastOne = (what: string) => (value: object) => Object.keys(value).length > 0 || `${what} needs at least one condition`;

const intentCondition = z
  .strictObject({
    /** At least one keyword of any of these lists matched. */
    anyOf: z.array(listName).min(1).max(L.keywordLists).optional(),
    /** No keyword of these lists matched. */
    noneOf: z.array(listName).min(1).max(L.keywordLists).optional(),
    /** At least this many distinct keyword matches (from the `anyOf` lists when given, else from all lists). */
    minMatches: z.int().min(1).max(10_000).optional(),
  })
  .superRefine((value, ctx) => {
    const problem = atLeastOne('intent')(value);
    if (problem !== true) ctx.addIssue({ code: 'custom', message: problem });
  });

const countryCondition = z
  .strictObject({ in: values(countryCode).optional(), notIn: values(countryCode).optional() })
  .superRefine((value, ctx) => {
    const problem = atLeastOne('country')(value);
    if (problem !== true) ctx.addIssue({ code: 'custom', message: `${problem} (in or notIn)` });
  });

const fieldCondition = z
  .strictObject({
    field: fieldName,
    /** The value (any item, for technologies) equals one of these, ignoring case and diacritics. */
    in: values(text(L.textLength)).optional(),
    /** The value is present and equals none of these (no item, for technologies). */
    notIn: values(text(L.textLength)).optional(),
    /** Numeric fields only: value ≥ min. */
    min: z.number().optional(),
    /** Numeric fields only: value ≤ max. */
    max: z.number().optional(),
  })
  .superRefine((value, ctx) => {
    const c = value;
    const numeric = NUMERIC_FIELDS.has(c.field);
    const has = (k: 'in' | 'notIn' | 'min' | 'max') => c[k] !== undefined;
    if (!has('in') && !has('notIn') && !has('min') && !has('max')) {
      ctx.addIssue({ code: 'custom', message: `condition on ${c.field} needs in, notIn, min or max` });
    }
    for (const k of ['min', 'max'] as const) {
      if (has(k) && !numeric) ctx.addIssue({ code: 'custom', path: [k], message: `${k} applies to numeric fields only (${[...NUMERIC_FIELDS].join(', ')}), not ${c.field}` });
    }
    for (const k of ['in', 'notIn'] as const) {
      if (has(k) && numeric) ctx.addIssue({ code: 'custom', path: [k], message: `${c.field} is numeric: use min and max` });
    }
    if (c.min !== undefined && c.max !== undefined && c.min > c.max) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: `max (${c.max}) is below min (${c.min})` });
    }
  });

const condition = z
  .strictObject({
    /** The email verdict is one of these. */
    emailVerdict: z.array(z.enum(EMAIL_VERDICTS)).min(1).max(3).optional(),
    /** The email classification has at least one of these reason codes (e.g. dns-timeout, catch-all). */
    emailReason: z.array(z.enum(EMAIL_REASON_CODES)).min(1).max(EMAIL_REASON_CODES.length).optional(),
    freeMail: z.boolean().optional(),
    role: z.boolean().optional(),
    disposable: z.boolean().optional(),
    catchAll: z.boolean().optional(),
    intent: intentCondition.optional(),
    /** At least one of these lead fields is missing (absent, blank or an empty list). */
    missingFields: z.array(fieldName).min(1).max(CANONICAL_FIELDS.length).optional(),
    /** A lead without a country matches neither `in` nor `notIn`: test that with missingFields. */
    country: countryCondition.optional(),
    fields: z.array(fieldCondition).min(1).max(L.fieldConditions).optional(),
  })
  .superRefine((value, ctx) => {
    const problem = atLeastOne('when')(value);
    if (problem !== true) ctx.addIssue({ code: 'custom', message: `${problem}; use "default" for the fallback decision` });
  });

const RULE_ID = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

const rule = z.strictObject({
  id: z.string().regex(RULE_ID, 'a rule id is 1-64 characters of a-z, 0-9, ".", "_" and "-"'),
  description: text(L.textLength).optional(),
  when: condition,
  decision: z.enum(QUALIFICATION_DECISIONS),
  /** Stored with every decision this rule makes. */
  reason: text(L.textLength),
});

export const qualificationRuleSetSchema = z.strictObject({
  version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a version is 1-64 characters of letters, digits, ".", "_" and "-"'),
  description: text(L.textLength).optional(),
  emailPolicy: z.strictObject({ freeMail: z.enum(['risky', 'flag']) }).optional(),
  keywordLists: z.record(listName, z.array(text(L.keywordLength)).min(1, 'a keyword list needs at least one keyword').max(L.keywordsPerList)).optional(),
  /** Lead fields scanned for intent; default DEFAULT_INTENT_FIELDS. */
  intentFields: z.array(fieldName).min(1).max(CANONICAL_FIELDS.length).optional(),
  rules: z.array(rule).max(L.rules, `at most ${L.rules} rules`),
  /** When no rule matches. A rejection always comes from a rule, so it always has a stated reason. */
  default: z.enum(['qualified', 'needs_review']),
});

export type QualificationRuleSet = z.output<typeof qualificationRuleSetSchema>;
export type QualificationRule = QualificationRuleSet['rules'][number];
export type QualificationCondition = QualificationRule['when'];

export type { RuleSetError, RuleSetValidation } from '#libs/rule-set-kit';

/** Every problem in one answer, each naming the rule (its id) and the condition or property it is about. */
export const validateQualificationRuleSet: RuleSetValidator<QualificationRuleSet> = ruleSetValidator<QualificationRuleSet>({
  schema: qualificationRuleSetSchema,
  ruleLists: [[['rules']]],
  idPattern: RULE_ID,
  conditionKey: 'when',
  crossChecks,
});

const problem = (path: PathPart[], message: string): RuleSetProblem => ({ path, message });

/** Checks across rules that the per-field schema cannot see; tolerant of a malformed input. */
function crossChecks(input: unknown): RuleSetProblem[] {
  const errors: RuleSetProblem[] = [];
  const root = input as Record<string, unknown>;
  const lists = isRecord(root.keywordLists) ? root.keywordLists : {};
  const listNames = new Set(Object.keys(lists));
  if (listNames.size > L.keywordLists) errors.push(problem(['keywordLists'], `at most ${L.keywordLists} keyword lists`));
  for (const name of listNames) {
    const keywords = lists[name];
    if (!Array.isArray(keywords)) continue;
    keywords.forEach((keyword, i) => {
      if (typeof keyword === 'string' && keyword.trim() !== '' && !/[\p{L}\p{N}]/u.test(keyword)) {
        errors.push(problem(['keywordLists', name, i], `keyword ${JSON.stringify(keyword)} has no letters or digits, so it can never match`));
      }
    });
  }
  const rules = Array.isArray(root.rules) ? root.rules : [];
  const firstIndex = new Map<string, number>();
  rules.forEach((r, i) => {
    if (!isRecord(r)) return;
    if (typeof r.id === 'string') {
      const first = firstIndex.get(r.id);
      if (first === undefined) firstIndex.set(r.id, i);
      else errors.push(problem(['rules', i, 'id'], `duplicate rule id "${r.id}" (first used by rules[${first}])`));
    }
    const intent = isRecord(r.when) && isRecord(r.when.intent) ? r.when.intent : undefined;
    if (!intent) return;
    for (const key of ['anyOf', 'noneOf'] as const) {
      const names = intent[key];
      if (!Array.isArray(names)) continue;
      names.forEach((name, j) => {
        if (typeof name === 'string' && !listNames.has(name)) {
          const known = listNames.size > 0 ? `; defined: ${[...listNames].join(', ')}` : '; the rule set defines no keywordLists';
          errors.push(problem(['rules', i, 'when', 'intent', key, j], `keyword list "${name}" is not defined${known}`));
        }
      });
    }
  });
  return errors;
}

import type { CanonicalField, LeadInput } from '#libs/lead-intake';
import { classifyEmail, type DomainFacts, type EmailClassification } from './email-verdict.js';
import { compileKeywordLists, detectIntent, foldText, type IntentFields, type IntentResult, type KeywordMatcher } from './intent.js';
import type { QualificationCondition, QualificationDecision, QualificationRuleSet } from './rule-set.js';

/**
 * Evaluates a validated rule set against leads. Compile once per rule-set version, then call qualify per lead:
 * rule conditions become closures over precomputed sets, so a lead costs a few property reads and set lookups
 * per rule.
 */

export const DEFAULT_INTENT_FIELDS: readonly CanonicalField[] = ['title', 'company', 'industry', 'technologies', 'notes'];

export type QualificationLead = Readonly<Partial<LeadInput>>;

export interface QualificationInput {
  email: EmailClassification;
  intent: IntentResult;
  lead: QualificationLead;
  /** Global do-not-contact state of the address and of its domain. */
  suppressed: { address: boolean; domain: boolean };
}

export type QualificationReasonCode = 'suppressed-address' | 'suppressed-domain' | 'email-invalid' | 'rule' | 'default';

export interface QualificationReason {
  code: QualificationReasonCode;
  message: string;
  ruleId?: string;
}

export interface QualificationResult {
  decision: QualificationDecision;
  reasons: QualificationReason[];
  ruleSetVersion: string;
}

interface EvalContext {
  readonly input: QualificationInput;
  /** Distinct (list, keyword) matches per list; computed on first use. */
  listHits?: Map<string, number>;
}

type Predicate = (ctx: EvalContext) => boolean;

interface CompiledRule {
  readonly id: string;
  readonly decision: QualificationDecision;
  readonly reason: string;
  readonly test: Predicate;
}

export interface CompiledQualificationRuleSet {
  readonly version: string;
  readonly default: 'qualified' | 'needs_review';
  readonly emailPolicy: { readonly freeMail: 'risky' | 'flag' };
  readonly keywords: KeywordMatcher;
  readonly intentFields: readonly CanonicalField[];
  readonly rules: readonly CompiledRule[];
  /** The validated document it was compiled from. */
  readonly source: QualificationRuleSet;
}

/** `ruleSet` must come from validateQualificationRuleSet (ok: true). */
export function compileQualificationRuleSet(ruleSet: QualificationRuleSet): CompiledQualificationRuleSet {
  return Object.freeze({
    version: ruleSet.version,
    default: ruleSet.default,
    emailPolicy: Object.freeze({ freeMail: ruleSet.emailPolicy?.freeMail ?? 'risky' }),
    keywords: compileKeywordLists(ruleSet.keywordLists ?? {}),
    intentFields: Object.freeze([...(ruleSet.intentFields ?? DEFAULT_INTENT_FIELDS)]),
    rules: Object.freeze(ruleSet.rules.map((r) => Object.freeze({ id: r.id, decision: r.decision, reason: r.reason, test: compileCondition(r.when) }))),
    source: ruleSet,
  });
}

export function qualify(ruleSet: CompiledQualificationRuleSet, input: QualificationInput): QualificationResult {
  const ruleSetVersion = ruleSet.version;
  // Global do-not-contact is not a rule: no rule set can qualify a suppressed address or domain.
  if (input.suppressed.address || input.suppressed.domain) {
    const reasons: QualificationReason[] = [];
    if (input.suppressed.address) reasons.push({ code: 'suppressed-address', message: 'the address is on the global suppression list' });
    if (input.suppressed.domain) reasons.push({ code: 'suppressed-domain', message: 'the domain is on the global suppression list' });
    return { decision: 'rejected', reasons, ruleSetVersion };
  }
  // Mailing an invalid address can only bounce and hurt the sender's reputation.
  if (input.email.verdict === 'invalid') {
    const why = input.email.reasons.filter((r) => r.effect === 'invalid').map((r) => r.message);
    return { decision: 'rejected', reasons: [{ code: 'email-invalid', message: `the email address is invalid: ${why.join('; ')}` }], ruleSetVersion };
  }
  const ctx: EvalContext = { input };
  for (const rule of ruleSet.rules) {
    if (rule.test(ctx)) return { decision: rule.decision, reasons: [{ code: 'rule', message: rule.reason, ruleId: rule.id }], ruleSetVersion };
  }
  return { decision: ruleSet.default, reasons: [{ code: 'default', message: `no rule matched; the rule set's default is ${ruleSet.default}` }], ruleSetVersion };
}

export interface LeadQualification extends QualificationResult {
  email: EmailClassification;
  intent: IntentResult;
}

/**
 * The whole qualify step for one lead: classifyEmail with the rule set's email policy, detectIntent over the
 * rule set's intent fields, then qualify. `domainFacts` come from libs/dns-check.
 */
export function qualifyLead(
  ruleSet: CompiledQualificationRuleSet,
  lead: QualificationLead & { email: string },
  domainFacts: DomainFacts,
  suppressed: { address: boolean; domain: boolean },
): LeadQualification {
  const email = classifyEmail(lead.email, domainFacts, ruleSet.emailPolicy);
  const intent = ruleSet.keywords.byFirstToken.size === 0 ? { matched: [] } : detectIntent(intentFieldsOf(lead, ruleSet.intentFields), ruleSet.keywords);
  const { decision, reasons, ruleSetVersion } = qualify(ruleSet, { email, intent, lead, suppressed });
  return { decision, reasons, ruleSetVersion, email, intent };
}

function intentFieldsOf(lead: QualificationLead, fields: readonly CanonicalField[]): IntentFields {
  const out: Record<string, string | readonly string[] | undefined> = {};
  const record = lead as Readonly<Record<string, unknown>>;
  for (const field of fields) {
    const value = record[field];
    if (typeof value === 'string' || Array.isArray(value)) out[field] = value as string | readonly string[];
  }
  return out;
}

function compileCondition(when: QualificationCondition): Predicate {
  const tests: Predicate[] = [];
  if (when.emailVerdict) {
    const verdicts = new Set<string>(when.emailVerdict);
    tests.push((c) => verdicts.has(c.input.email.verdict));
  }
  if (when.emailReason) {
    const codes = new Set<string>(when.emailReason);
    tests.push((c) => c.input.email.reasons.some((r) => codes.has(r.code)));
  }
  for (const flag of ['freeMail', 'role', 'disposable', 'catchAll'] as const) {
    const want = when[flag];
    if (want !== undefined) tests.push((c) => c.input.email.flags[flag] === want);
  }
  if (when.intent) tests.push(compileIntent(when.intent));
  if (when.missingFields) {
    const fields = when.missingFields;
    tests.push((c) => fields.some((f) => isMissing(fieldValue(c, f))));
  }
  if (when.country) {
    const inSet = when.country.in ? new Set(when.country.in) : undefined;
    const notIn = when.country.notIn ? new Set(when.country.notIn) : undefined;
    tests.push((c) => {
      const country = fieldValue(c, 'country');
      if (typeof country !== 'string' || country.trim() === '') return false;
      const code = country.trim().toUpperCase();
      return (inSet === undefined || inSet.has(code)) && (notIn === undefined || !notIn.has(code));
    });
  }
  for (const fc of when.fields ?? []) tests.push(compileFieldCondition(fc));

  if (tests.length === 1) return tests[0]!;
  return (c) => {
    for (const t of tests) if (!t(c)) return false;
    return true;
  };
}

function compileIntent(intent: NonNullable<QualificationCondition['intent']>): Predicate {
  const anyOf = intent.anyOf;
  const noneOf = intent.noneOf;
  const min = intent.minMatches;
  return (c) => {
    const hits = listHits(c);
    if (noneOf && noneOf.some((l) => (hits.get(l) ?? 0) > 0)) return false;
    if (anyOf) {
      let n = 0;
      for (const l of anyOf) n += hits.get(l) ?? 0;
      return n >= (min ?? 1);
    }
    if (min !== undefined) {
      let n = 0;
      for (const v of hits.values()) n += v;
      return n >= min;
    }
    return true;
  };
}

function listHits(c: EvalContext): Map<string, number> {
  if (c.listHits) return c.listHits;
  const hits = new Map<string, number>();
  const seen = new Set<string>();
  for (const m of c.input.intent.matched) {
    const key = `${m.list}\u0000${m.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    hits.set(m.list, (hits.get(m.list) ?? 0) + 1);
  }
  c.listHits = hits;
  return hits;
}

type FieldCondition = NonNullable<QualificationCondition['fields']>[number];

function compileFieldCondition(fc: FieldCondition): Predicate {
  const { field } = fc;
  if (fc.min !== undefined || fc.max !== undefined) {
    const min = fc.min ?? Number.NEGATIVE_INFINITY;
    const max = fc.max ?? Number.POSITIVE_INFINITY;
    return (c) => {
      const v = fieldValue(c, field);
      return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
    };
  }
  const inSet = fc.in ? new Set(fc.in.map(foldValue)) : undefined;
  const notIn = fc.notIn ? new Set(fc.notIn.map(foldValue)) : undefined;
  return (c) => {
    const items = textItems(fieldValue(c, field));
    if (items.length === 0) return false;
    if (inSet && !items.some((i) => inSet.has(i))) return false;
    if (notIn && items.some((i) => notIn.has(i))) return false;
    return true;
  };
}

function fieldValue(c: EvalContext, field: CanonicalField): unknown {
  return (c.input.lead as Readonly<Record<string, unknown>>)[field];
}

function foldValue(value: string): string {
  return foldText(value).trim().replace(/\s+/g, ' ');
}

function textItems(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [] : [foldValue(value)];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map(foldValue);
  return [];
}

function isMissing(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'number') return !Number.isFinite(value);
  return false;
}

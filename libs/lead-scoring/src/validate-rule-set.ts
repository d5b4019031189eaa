/**
 * Validation on save: the shared rule-set kit (guard, located errors, order and cap) with the
 * scoring schema and cross-checks. Every problem names where it is (a JSON path that uses the rule's id when it
 * has one), which rule it belongs to and which field, so an operator can fix a rule set in one pass.
 */
import { normaliseCountryCode, ruleSetValidator, validateRuleSetText, type RuleSetValidation, type RuleSetValidator } from '#libs/rule-set-kit';
import { findRuleSetProblems } from './rule-set-checks.js';
import { scoringRuleSetShape } from './rule-set-schema.js';
import { RULE_ID_PATTERN, type ScoringRule, type ScoringRuleSet } from './rule-set.js';

export type { RuleSetError, RuleSetValidation } from '#libs/rule-set-kit';
export { parseRuleSetText as parseScoringRuleSetText } from '#libs/rule-set-kit';

export const validateScoringRuleSet: RuleSetValidator<ScoringRuleSet> = ruleSetValidator<ScoringRuleSet>({
  schema: scoringRuleSetShape,
  ruleLists: [[['fit', 'rules'], ['intent', 'rules']]],
  idPattern: RULE_ID_PATTERN,
  sections: ['fit', 'intent', 'engagement', 'tiers'],
  fieldProperty: 'field',
  crossChecks: findRuleSetProblems,
  normalise: (ruleSet) => ({
    ...ruleSet,
    fit: { ...ruleSet.fit, rules: ruleSet.fit.rules.map(upperCaseCountries) },
  }),
});

/** A scoring rule set written as JSON or YAML text: every error also carries its line and column. */
export function validateScoringRuleSetText(text: string): RuleSetValidation<ScoringRuleSet> {
  return validateRuleSetText(validateScoringRuleSet, text);
}

function upperCaseCountries<R extends ScoringRule>(rule: R): R {
  if (rule.field !== 'country' || rule.value === undefined) return rule;
  const value = typeof rule.value === 'string' ? normaliseCountryCode(rule.value) : Array.isArray(rule.value) ? rule.value.map((v) => (typeof v === 'string' ? normaliseCountryCode(v) : v)) : rule.value;
  return { ...rule, value };
}

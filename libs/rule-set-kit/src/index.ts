// Shared by every kind of rule set (scoring, qualification, routing), pure: the guard (size, depth, prototype
// keys), located errors (path by rule id, line and column in JSON/YAML text), one order and cap of errors,
// country codes. Each kind brings its schema and cross-checks (RuleSetKind).
export type { PathPart, RuleSetError, RuleSetProblem, RuleSetValidation } from './rule-set-error.js';
export { RULE_SET_GUARD, STORED_RULE_SET_GUARD, forbiddenKeyMessage, type RuleSetGuardLimits } from './guard.js';
export type { RuleSetKind } from './rule-set-kind.js';
export { ruleSetValidator, validateRuleSetText, unknownPropertyMessage, type RuleSetValidator, type ValidateOptions } from './validate.js';
export { parseRuleSetText, RULE_SET_TEXT_LIMITS, type RuleSetSource, type RuleSetTextParse } from './rule-set-text.js';
export { countryCodeMessage, countryCodeSchema, isCountryCode, normaliseCountryCode } from './country-code.js';
export { describeValue } from './show-value.js';
export { child, isRecord, listAt, valueAt } from './values.js';

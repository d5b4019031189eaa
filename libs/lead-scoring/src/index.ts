// Pure lead scoring: rule sets as validated data, compiled once and applied to many leads.
// No I/O, no clock reads (time is passed in as epoch ms), deterministic.
export * from './rule-set.js';
export { scoringRuleSetSchema } from './rule-set-schema.js';
export {
  parseScoringRuleSetText,
  validateScoringRuleSet,
  validateScoringRuleSetText,
  type RuleSetError,
  type RuleSetValidation,
} from './validate-rule-set.js';
export { parseTitle, type ParsedTitle } from './title.js';
export type { EngagementEvent, EngagementKind, ScoringInput, ScoringInputs } from './scoring-input.js';
export { compileRuleSet, ScoringRuleSetError, type CompiledRuleSet } from './compile-rule-set.js';
export { score, normaliseInputs, type Contribution, type ContributionSection, type ScoreResult } from './score.js';
export { DAY_MS, decayFactor } from './engagement-decay.js';
export { tierChange, tierFor, tierRank, type ScoreSnapshot, type TierChange } from './tier.js';
export { shadowReport, type ShadowReport, type ShadowReportAccumulator, type TierMove } from './shadow-report.js';
export { DEFAULT_SCORING_RULE_SET } from './default-rule-set.js';

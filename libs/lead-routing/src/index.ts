// Pure lead-routing rules for the route stage: no I/O, no clock reads (time is passed in as epoch ms), no Node
// built-ins, deterministic. Safe to import from Temporal workflow code.
export {
  LEAD_TIERS,
  RULE_SET_LIMITS,
  routingRuleSetSchema,
  type HotLeadSla,
  type LeadTier,
  type Owner,
  type RoutingGuardrails,
  type RoutingRuleSet,
  type Territory,
  type TerritoryMatch,
  type TierSequences,
} from './routing-rule-set.js';
export { validateRoutingRuleSet, type RuleSetError, type RuleSetValidation } from './validate-rule-set.js';
export { sequenceForTier } from './tier-sequence.js';
export type { RoutableLead } from './territory-match.js';
export { emptyRoutingState, type RoutingState } from './routing-state.js';
export { assignBatch, assignOwner, matchTerritory, type AssignBatchResult, type OwnerAssignment } from './owner-assignment.js';
export {
  checkGuardrails,
  type GuardrailCode,
  type GuardrailDecision,
  type GuardrailFacts,
  type GuardrailOutcome,
  type GuardrailReason,
} from './enrolment-guardrails.js';
export { routeLeads, type LeadToRoute, type RouteDecision, type RouteOutcome, type RouteReasonCode } from './route-leads.js';
export { slaDecision, slaDueAt, type SlaDecision, type SlaInput } from './hot-lead-sla.js';
export { DEMO_CAMPAIGN_ID, DEMO_ROUTING_RULE_SET } from './demo-routing-rules.js';

/**
 * The route stage for a page of leads, in one pass: tier → sequence, guardrails, owner, and the campaign's
 * daily cap. Order matters: leads that will not be enrolled never take an owner's capacity.
 */
import { compileRouting } from './compiled-routing.js';
import { checkGuardrails, type GuardrailCode, type GuardrailOutcome } from './enrolment-guardrails.js';
import { assignWorking } from './owner-assignment.js';
import type { LeadTier, RoutingRuleSet } from './routing-rule-set.js';
import { loadState, saveState, type RoutingState } from './routing-state.js';
import { firstMatchingTerritory, type RoutableLead } from './territory-match.js';
import { sequenceForTier } from './tier-sequence.js';

export interface LeadToRoute extends RoutableLead {
  tier: LeadTier;
  stage?: string | null;
  activeInOtherSequence?: string | null;
  colleagueRepliedAt?: number | null;
}

export type RouteOutcome = 'enrol' | 'not-enrolled' | GuardrailOutcome;

export type RouteReasonCode = GuardrailCode | 'assigned' | 'tier-not-enrolled' | 'owners-at-capacity' | 'no-active-owners';

export interface RouteDecision {
  outcome: RouteOutcome;
  sequenceId: string | null;
  ownerId: string | null;
  territoryId: string | null;
  /** For `enrol`, the assignment reason (code `assigned`); otherwise every reason the lead was held back. */
  reasons: Array<{ code: RouteReasonCode; message: string }>;
}

/**
 * Routes a page of leads. An owner's daily capacity (lowered by perOwnerDailyCap) counts the leads assigned to
 * them, which here are exactly their enrolments; the campaign cap counts enrolments in the state.
 */
export function routeLeads(
  ruleSet: RoutingRuleSet,
  leads: readonly LeadToRoute[],
  state: RoutingState | undefined,
  options: { dayKey: string; now: number },
): { decisions: RouteDecision[]; state: RoutingState } {
  const c = compileRouting(ruleSet);
  const w = loadState(c, state, options.dayKey);
  const decisions = new Array<RouteDecision>(leads.length);
  for (let i = 0; i < leads.length; i++) {
    const lead = leads[i];
    const sequenceId = sequenceForTier(ruleSet, lead.tier);
    if (sequenceId === null) {
      decisions[i] = held('not-enrolled', null, null, [{ code: 'tier-not-enrolled', message: `tier ${lead.tier} is not enrolled in a sequence` }]);
      continue;
    }
    const guard = checkGuardrails(ruleSet.guardrails, {
      sequenceId,
      stage: lead.stage,
      activeInOtherSequence: lead.activeInOtherSequence,
      colleagueRepliedAt: lead.colleagueRepliedAt,
      now: options.now,
      campaignEnrolledToday: w.campaignEnrolled,
    });
    if (!guard.allowed) {
      decisions[i] = held(guard.outcome, sequenceId, null, guard.reasons);
      continue;
    }
    const assignment = assignWorking(c, w, firstMatchingTerritory(c.territories, lead), -1);
    if (assignment.ownerId === null) {
      decisions[i] = held('skipped', sequenceId, assignment.territoryId, [{ code: assignment.code, message: assignment.reason }]);
      continue;
    }
    w.campaignEnrolled++;
    decisions[i] = {
      outcome: 'enrol',
      sequenceId,
      ownerId: assignment.ownerId,
      territoryId: assignment.territoryId,
      reasons: [{ code: 'assigned', message: assignment.reason }],
    };
  }
  return { decisions, state: saveState(c, w) };
}

function held(outcome: RouteOutcome, sequenceId: string | null, territoryId: string | null, reasons: RouteDecision['reasons']): RouteDecision {
  return { outcome, sequenceId, ownerId: null, territoryId, reasons };
}

/**
 * The parts of an expired hot-lead SLA that need no rules: whether the SLA still applies to the route as it is
 * now, and how the lib's decision reads as the workflow's outcome.
 */
import type { HotLeadSlaInput, HotLeadSlaOutcome } from '#libs/contracts';
import type { LeadTier, RouteOutcome, SlaDecision } from '#libs/lead-routing';

/** The route as the SLA sees it, read under lock. */
export interface SlaRoute {
  tier: LeadTier;
  outcome: RouteOutcome;
  ownerId: string | null;
  territoryId: string | null;
  ruleSetVersion: number;
  touchedAt: Date | null;
}

/**
 * `none` with the reason when the SLA no longer applies: no route, not enrolled, another owner has the lead
 * now, not hot, or touched since the SLA started. Null when the rules must decide.
 */
export function slaNoLongerApplies(route: SlaRoute | undefined, input: HotLeadSlaInput): HotLeadSlaOutcome | null {
  if (!route) return { action: 'none', reason: `lead ${input.leadId} has no route in campaign ${input.campaignId}` };
  if (route.outcome !== 'enrol') return { action: 'none', reason: `lead is no longer enrolled (route outcome ${route.outcome})` };
  if (route.ownerId !== input.ownerId) return { action: 'none', reason: `lead now belongs to ${route.ownerId}; the SLA of ${input.ownerId} no longer applies` };
  if (route.tier !== 'hot') return { action: 'none', reason: `lead is ${route.tier}, not hot` };
  const slaStart = Date.parse(input.routedAt);
  if (route.touchedAt !== null && route.touchedAt.getTime() >= slaStart) {
    return { action: 'none', reason: `touched at ${route.touchedAt.toISOString()}` };
  }
  return null;
}

export function toSlaOutcome(decision: SlaDecision): HotLeadSlaOutcome {
  switch (decision.action) {
    case 'none':
      return { action: 'none', reason: decision.reason ?? 'the SLA does not apply' };
    case 'wait':
      // Only reachable if the workflow's timer fired early; the caller passes now >= the due time.
      return { action: 'none', reason: `not due until ${new Date(decision.dueAt).toISOString()}` };
    case 'escalate':
      return { action: 'escalate', to: decision.to, reason: decision.reason };
    case 'reassign':
      return { action: 'reassign', to: decision.to, reason: decision.reason };
  }
}

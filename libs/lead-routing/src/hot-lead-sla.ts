/**
 * Hot-lead SLA: speed to lead matters (MQL→SQL is about three times higher when followed up within the hour),
 * so a hot lead nobody touched N minutes after routing is escalated to a manager or reassigned to the next owner.
 * The nurture workflow sets a timer for slaDueAt and asks slaDecision when it fires (or when a touch arrives).
 */
import { compileRouting } from './compiled-routing.js';
import { assignWorking } from './owner-assignment.js';
import type { HotLeadSla, LeadTier, RoutingRuleSet } from './routing-rule-set.js';
import { loadState, saveState, type RoutingState } from './routing-state.js';

const MINUTE_MS = 60_000;

export type SlaDecision =
  | { action: 'none'; reason?: string }
  | { action: 'wait'; dueAt: number }
  | { action: 'escalate'; to: string; reason: string }
  /** Store `state` (the new owner's count and the rotation moved on) as after any assignment. */
  | { action: 'reassign'; to: string; reason: string; state: RoutingState };

export interface SlaInput {
  tier: LeadTier;
  /** When the lead was routed to its current owner (epoch ms); a reassignment starts a new SLA from then. */
  routedAt: number;
  /** Latest touch by the owner (call, email, task done), epoch ms; touches before routedAt do not count. */
  touchedAt?: number | null;
  now: number;
  /** The SLA pinned when the lead was routed; defaults to ruleSet.sla. */
  sla?: HotLeadSla;
  currentOwner: string;
  /** The territory of the original assignment, so a reassignment stays in it; null or absent: all owners. */
  territoryId?: string | null;
  ruleSet: RoutingRuleSet;
  state: RoutingState | undefined;
  /** The caller's business day, for the owners' daily capacity. */
  dayKey: string;
}

/** When an untouched hot lead breaches its SLA: the time for the workflow's timer. */
export function slaDueAt(routedAt: number, sla: Pick<HotLeadSla, 'hotUntouchedMinutes'>): number {
  if (!Number.isFinite(routedAt)) throw new TypeError('routedAt must be epoch milliseconds');
  return routedAt + sla.hotUntouchedMinutes * MINUTE_MS;
}

/**
 * `none` for leads that are not hot or were touched since routing; `wait` until the due time; at or after it,
 * `escalate` or `reassign` (to another owner by the same round-robin, never the current one). A reassign with
 * nobody free falls back to escalateTo when set, and to `none` with the reason otherwise.
 */
export function slaDecision(input: SlaInput): SlaDecision {
  const sla = input.sla ?? input.ruleSet.sla;
  if (input.tier !== 'hot') return { action: 'none' };
  const touched = typeof input.touchedAt === 'number' && input.touchedAt >= input.routedAt;
  if (touched) return { action: 'none' };
  const dueAt = slaDueAt(input.routedAt, sla);
  if (input.now < dueAt) return { action: 'wait', dueAt };

  const minutes = Math.floor((input.now - input.routedAt) / MINUTE_MS);
  const breach = `hot lead untouched ${minutes} min after routing (SLA ${sla.hotUntouchedMinutes} min); owner ${input.currentOwner}`;
  if (sla.action === 'escalate') {
    return sla.escalateTo !== undefined ? { action: 'escalate', to: sla.escalateTo, reason: breach } : { action: 'none', reason: `${breach}; no escalateTo set` };
  }

  const c = compileRouting(input.ruleSet);
  const w = loadState(c, input.state, input.dayKey);
  const territory = input.territoryId == null ? -1 : (c.territoryIndex.get(input.territoryId) ?? -1);
  const assignment = assignWorking(c, w, territory, c.ownerIndex.get(input.currentOwner) ?? -1);
  if (assignment.ownerId !== null) {
    return { action: 'reassign', to: assignment.ownerId, reason: `${breach}; reassigned: ${assignment.reason}`, state: saveState(c, w) };
  }
  const nobody = `${breach}; no other owner to reassign to (${assignment.reason})`;
  return sla.escalateTo !== undefined ? { action: 'escalate', to: sla.escalateTo, reason: nobody } : { action: 'none', reason: nobody };
}

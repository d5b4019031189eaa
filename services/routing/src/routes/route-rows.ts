/**
 * A page of routing decisions as column arrays, so the page is written with one `INSERT … SELECT FROM unnest(…)`
 * instead of a statement per lead; plus the page's counts and the hot leads whose SLA timer starts now.
 */
import { slaDueAt, type HotLeadSla, type RouteDecision, type RouteOutcome } from '#libs/lead-routing';
import type { LeadToJudge } from './lead-selection.js';

export interface RouteRows {
  leadIds: string[];
  tiers: string[];
  sequenceIds: Array<string | null>;
  ownerIds: Array<string | null>;
  territoryIds: Array<string | null>;
  outcomes: RouteOutcome[];
  /** JSON text of each decision's reasons ([{ code, message }]), cast to jsonb in SQL. */
  reasons: string[];
  /** ISO time an enrolled hot lead's SLA falls due; null for everyone else. */
  slaDueAts: Array<string | null>;
}

/** An enrolled hot lead: its SLA workflow is started once the page is committed. */
export interface HotEnrolment {
  leadId: string;
  ownerId: string;
}

/** Report keys per outcome ('not-enrolled' reads badly as a JSON key). */
export const OUTCOME_COUNT_KEY: Record<RouteOutcome, string> = {
  enrol: 'enrol',
  'not-enrolled': 'notEnrolled',
  blocked: 'blocked',
  review: 'review',
  skipped: 'skipped',
};

export function toRouteRows(
  leads: readonly LeadToJudge[],
  decisions: readonly RouteDecision[],
  o: { now: number; sla: Pick<HotLeadSla, 'hotUntouchedMinutes'> },
): { rows: RouteRows; counts: Record<string, number>; hotEnrolments: HotEnrolment[] } {
  if (leads.length !== decisions.length) throw new Error(`${decisions.length} decisions for ${leads.length} leads`);
  const n = leads.length;
  const rows: RouteRows = {
    leadIds: new Array(n),
    tiers: new Array(n),
    sequenceIds: new Array(n),
    ownerIds: new Array(n),
    territoryIds: new Array(n),
    outcomes: new Array(n),
    reasons: new Array(n),
    slaDueAts: new Array(n),
  };
  const counts: Record<string, number> = { routed: n, enrol: 0, notEnrolled: 0, blocked: 0, review: 0, skipped: 0 };
  const hotEnrolments: HotEnrolment[] = [];
  const dueAt = new Date(slaDueAt(o.now, o.sla)).toISOString();
  for (let i = 0; i < n; i++) {
    const lead = leads[i]!;
    const d = decisions[i]!;
    rows.leadIds[i] = lead.leadId;
    rows.tiers[i] = lead.tier;
    rows.sequenceIds[i] = d.sequenceId;
    rows.ownerIds[i] = d.ownerId;
    rows.territoryIds[i] = d.territoryId;
    rows.outcomes[i] = d.outcome;
    rows.reasons[i] = JSON.stringify(d.reasons);
    const hot = d.outcome === 'enrol' && lead.tier === 'hot' && d.ownerId !== null;
    rows.slaDueAts[i] = hot ? dueAt : null;
    if (hot) hotEnrolments.push({ leadId: lead.leadId, ownerId: d.ownerId! });
    counts[OUTCOME_COUNT_KEY[d.outcome]]++;
  }
  return { rows, counts, hotEnrolments };
}

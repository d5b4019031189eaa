/** The route of one lead as the API shows it: outcome, owner, sequence, every reason, and its SLA history. */

export interface RouteRow {
  campaign_id: string;
  lead_id: string;
  tier: string;
  outcome: string;
  sequence_id: string | null;
  owner_id: string | null;
  territory_id: string | null;
  reasons: Array<{ code: string; message: string }>;
  rule_set_version: number;
  run_id: string;
  routed_at: Date;
  touched_at: Date | null;
  sla_due_at: Date | null;
  sla_started_at: Date | null;
}

export interface SlaEventRow {
  action: string;
  from_owner: string | null;
  to_owner: string | null;
  reason: string;
  at: Date;
}

export interface RouteView {
  campaignId: string;
  leadId: string;
  tier: string;
  outcome: string;
  sequenceId: string | null;
  ownerId: string | null;
  territoryId: string | null;
  reasons: Array<{ code: string; message: string }>;
  ruleSetVersion: number;
  runId: string;
  routedAt: string;
  touchedAt: string | null;
  /** The hot-lead SLA of the current owner, while one runs. */
  sla: { dueAt: string; timerStarted: boolean } | null;
  slaEvents: Array<{ action: string; fromOwner: string | null; toOwner: string | null; reason: string; at: string }>;
}

export function toRouteView(route: RouteRow, events: readonly SlaEventRow[]): RouteView {
  return {
    campaignId: route.campaign_id,
    leadId: route.lead_id,
    tier: route.tier,
    outcome: route.outcome,
    sequenceId: route.sequence_id,
    ownerId: route.owner_id,
    territoryId: route.territory_id,
    reasons: route.reasons,
    ruleSetVersion: route.rule_set_version,
    runId: route.run_id,
    routedAt: route.routed_at.toISOString(),
    touchedAt: route.touched_at?.toISOString() ?? null,
    sla: route.sla_due_at ? { dueAt: route.sla_due_at.toISOString(), timerStarted: route.sla_started_at !== null } : null,
    slaEvents: events.map((e) => ({ action: e.action, fromOwner: e.from_owner, toOwner: e.to_owner, reason: e.reason, at: e.at.toISOString() })),
  };
}

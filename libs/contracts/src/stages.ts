/**
 * Score, qualify and route: the activities each stage service hosts on its own task queue, and the small values
 * they pass. A stage activity works through one campaign's leads in pages, heartbeating its cursor, so a retry
 * after a worker restart resumes where the last one stopped. Rows never cross a service boundary through
 * Temporal: only ids, cursors and counts.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import { defineWorkflow } from './workflow-ref.js';
import type { PipelineStageName } from './pipeline.js';

export interface CampaignStageInput {
  campaignId: string;
  /** The pipeline run; each stage records which run last touched a lead. */
  runId: string;
}

export interface CampaignStageReport {
  campaignId: string;
  status: 'completed' | 'degraded';
  /** Leads looked at in this run. */
  processed: number;
  /** Small named counts, e.g. { hot: 12, warm: 40, tierChanges: 3 }. */
  counts: Record<string, number>;
  problems: string[];
}

/** The stages that judge a campaign's leads page by page, each in its own service, in pipeline order. */
export const JUDGING_STAGES = ['score', 'qualify', 'route'] as const satisfies readonly PipelineStageName[];
export type JudgingStageName = (typeof JUDGING_STAGES)[number];

/**
 * Heartbeat details of a paged stage activity: where to resume and what was done so far. Shown as the pending
 * activity's progress in the Temporal UI.
 */
export interface StageCursor {
  /** The last lead id of the last page done; null before the first page. */
  after: string | null;
  /** Pages done (older heartbeats lack it; read as 0). */
  pages: number;
  /** Leads done. */
  processed: number;
  counts: Record<string, number>;
}

export interface ScoringActivities {
  /** Score every lead of the campaign with its active rule set; records tier changes. */
  scoreCampaign(input: CampaignStageInput): Promise<CampaignStageReport>;
}

export interface QualificationActivities {
  /** Qualify the campaign's leads that have no result for the active rule set (or whose email changed). */
  qualifyCampaign(input: CampaignStageInput): Promise<CampaignStageReport>;
}

export interface RoutingActivities {
  /** Give qualified, unrouted leads a sequence and an owner, within the guardrails; starts hot-lead SLA timers. */
  routeCampaign(input: CampaignStageInput): Promise<CampaignStageReport>;
  /** A hot lead's SLA ran out: escalate or reassign it, as the campaign's routing rules say. */
  hotLeadSlaExpired(input: HotLeadSlaInput): Promise<HotLeadSlaOutcome>;
}

export type HotLeadSlaWorkflow = (input: HotLeadSlaInput) => Promise<HotLeadSlaOutcome>;
/** One hot lead's SLA timer; routing starts one per enrolled hot lead. */
export const hotLeadSlaWorkflow = defineWorkflow<HotLeadSlaWorkflow>('hotLeadSla');

export interface LeadTouch {
  /** ISO time of the call, email or note. */
  at: string;
  by?: string;
}
/** Signal: the owner worked the lead (call, email, note); stops the SLA timer. */
export const leadTouchedSignal = defineSignal<[LeadTouch]>('leadTouched');

export interface HotLeadSlaState {
  dueAt: string;
  touchedAt: string | null;
  outcome: HotLeadSlaOutcome | null;
}
export const hotLeadSlaStateQuery = defineQuery<HotLeadSlaState>('slaState');

export function hotLeadSlaWorkflowId(campaignId: string, leadId: string): string {
  return `hot-lead-sla/${campaignId}/${leadId}`;
}

export interface HotLeadSlaInput {
  campaignId: string;
  leadId: string;
  ownerId: string;
  /** ISO time the lead was routed; the SLA runs from here. */
  routedAt: string;
  slaMinutes: number;
}

export interface HotLeadSlaOutcome {
  action: 'none' | 'escalate' | 'reassign';
  /** The owner or manager the lead went to. */
  to?: string;
  reason: string;
}

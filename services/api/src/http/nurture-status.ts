import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { leadNurtureWorkflow, nurtureStatusQuery, nurtureWorkflowId, type NurtureCounts, type NurtureStatus, type NurtureStatusName } from '#libs/contracts';
import { workflowHandle } from '#libs/temporal';
import { TEMPORAL_CLIENT } from '../api.config.js';
import { NurtureGateway } from '../leads/service-gateway.js';
import { NurtureRequestError } from './nurture-errors.js';

/** One enrolment as GET /leads/{id}/nurture shows it (nurture-schemas.ts: enrolmentStatusView). */
export interface EnrolmentStatusView extends Partial<Omit<NurtureStatus, 'counts' | 'currentStep' | 'nextWakeAt' | 'holdReason' | 'status'>> {
  campaignId: string;
  leadId: string;
  status: NurtureStatusName;
  source: 'workflow' | 'enrolment';
  currentStep: number | null;
  nextWakeAt: string | null;
  holdReason: string | null;
  queuePosition: number | null;
  counts: NurtureCounts | null;
}

/** An enrolment row as the nurture service lists it (GET /internal/leads/:leadId/enrolments). */
type EnrolmentRow = Record<string, unknown>;

// A query needs a worker to answer; past this the nurture service's record answers instead of leaving the caller waiting.
const QUERY_TIMEOUT_MS = 5_000;

/**
 * Why a lead waits: its sequence workflow answers the `status` query (a closed workflow still answers); a lead whose
 * sequence has not started yet (queued for capacity, admitted today) is known only to the nurture service's record.
 */
@Injectable()
export class LeadNurtureStatus {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly nurture: NurtureGateway,
  ) {}

  async inCampaign(leadId: string, campaignId: string): Promise<EnrolmentStatusView> {
    const answer = await this.ask(campaignId, leadId);
    if (answer.kind === 'status') return fromWorkflow(answer.status, campaignId, leadId);
    const row = (await this.rows(leadId)).find((r) => str(r.campaignId ?? r.campaign_id) === campaignId);
    if (row) return fromRow(row, leadId);
    if (answer.kind === 'unanswered') throw new NurtureRequestError(503, 'temporal_unavailable', `the nurture status of lead ${leadId} cannot be read now: ${answer.why}`);
    throw new NurtureRequestError(404, 'lead_not_enrolled', `lead ${leadId} is not enrolled in campaign ${campaignId}`, [{ field: 'campaignId', message: `lead ${leadId} is not enrolled in campaign ${campaignId}` }]);
  }

  async all(leadId: string): Promise<{ leadId: string; items: EnrolmentStatusView[] }> {
    const rows = await this.rows(leadId);
    const items = await Promise.all(
      rows.map(async (row) => {
        const campaignId = str(row.campaignId ?? row.campaign_id) ?? '';
        // Queued leads have no workflow yet: no need to ask Temporal.
        if (row.status === 'queued') return fromRow(row, leadId);
        const answer = await this.ask(campaignId, leadId);
        return answer.kind === 'status' ? fromWorkflow(answer.status, campaignId, leadId) : fromRow(row, leadId);
      }),
    );
    return { leadId, items };
  }

  private async ask(campaignId: string, leadId: string): Promise<{ kind: 'status'; status: NurtureStatus } | { kind: 'absent' } | { kind: 'unanswered'; why: string }> {
    const handle = workflowHandle(this.temporal, leadNurtureWorkflow, nurtureWorkflowId(campaignId, leadId));
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${QUERY_TIMEOUT_MS / 1000} s`)), QUERY_TIMEOUT_MS)));
      return { kind: 'status', status: await Promise.race([handle.query(nurtureStatusQuery), timeout]) };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return { kind: 'absent' };
      return { kind: 'unanswered', why: (err as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }

  private async rows(leadId: string): Promise<EnrolmentRow[]> {
    const answer = await this.nurture.get<EnrolmentRow[] | { items: EnrolmentRow[] }>(`/internal/leads/${encodeURIComponent(leadId)}/enrolments`);
    return Array.isArray(answer) ? answer : answer.items;
  }
}

function fromWorkflow(s: NurtureStatus, campaignId: string, leadId: string): EnrolmentStatusView {
  return { ...s, campaignId, leadId, source: 'workflow', queuePosition: null };
}

function fromRow(r: EnrolmentRow, leadId: string): EnrolmentStatusView {
  return {
    enrolmentId: str(r.enrolmentId ?? r.id) ?? undefined,
    campaignId: str(r.campaignId ?? r.campaign_id) ?? '',
    leadId,
    sequenceId: str(r.sequenceId ?? r.sequence_id) ?? undefined,
    status: (str(r.status) ?? 'queued') as NurtureStatusName,
    source: 'enrolment',
    currentStep: num(r.currentStep ?? r.current_step),
    nextWakeAt: str(r.nextSendAt ?? r.next_send_at ?? r.nextWakeAt),
    holdReason: str(r.holdReason ?? r.hold_reason) ?? (r.status === 'queued' ? "waiting for the campaign's daily capacity" : null),
    queuePosition: num(r.queuePosition ?? r.position),
    counts: null,
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

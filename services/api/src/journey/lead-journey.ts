import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { nurtureWorkflowId, type JourneyEntry, type LeadEngagementEvent, type LeadReply, type LeadSend } from '#libs/contracts';
import { EngagementReadClient, NurtureEngagementClient, StageCallError } from '#libs/stage-clients';
import { API_CONFIG, TEMPORAL_CLIENT, type ApiConfig } from '../api.config.js';
import { ApiError } from '../api-errors.js';
import { HarvestGateway } from '../leads/service-gateway.js';
import { journeyEntries } from './journey-order.js';

/** The lead's sends, engagement and replies in one list, and the workflow that acted on them. */
export interface LeadTimeline {
  workflowId: string | null;
  /** The workflow's history in the Temporal Web UI (its signals among it); null when the UI's address is not configured. */
  workflowUrl: string | null;
  entries: JourneyEntry[];
}

// Temporal only adds the link: past this the journey answers without the run id rather than waiting.
const DESCRIBE_TIMEOUT_MS = 3_000;

/**
 * Reads a lead's timeline from the services that hold it: nurture's send ledger and engagement's inbox. The list is
 * whole or not given: when either service does not answer, the journey is refused with 503 naming it, never shown
 * with a part silently missing. A service that does not know the lead (404) has nothing for it.
 */
@Injectable()
export class LeadJourney {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly harvest: HarvestGateway,
    private readonly nurture: NurtureEngagementClient,
    private readonly engagement: EngagementReadClient,
  ) {}

  /** Throws the harvest service's 404 for a lead it does not know. */
  async leadExists(leadId: string): Promise<void> {
    await this.harvest.get(`/internal/leads/${encodeURIComponent(leadId)}`);
  }

  async timeline(leadId: string, campaignId: string): Promise<LeadTimeline> {
    const [sends, events, replies, run] = await Promise.all([
      orEmpty<LeadSend>('nurture', this.nurture.leadSends(leadId, campaignId)),
      orEmpty<LeadEngagementEvent>('engagement', this.engagement.leadEvents(leadId, campaignId)),
      orEmpty<LeadReply>('engagement', this.engagement.leadReplies(leadId, campaignId)),
      this.run(nurtureWorkflowId(campaignId, leadId)),
    ]);
    // Temporal unreachable: the id is still known when the lead has been mailed (its sends came from that workflow).
    const workflowId = run.kind === 'found' || (run.kind === 'unanswered' && sends.length > 0) ? nurtureWorkflowId(campaignId, leadId) : null;
    return {
      workflowId,
      workflowUrl: workflowId === null ? null : workflowUiUrl(this.config, workflowId, run.kind === 'found' ? run.runId : null),
      entries: journeyEntries(sends, events, replies),
    };
  }

  private async run(workflowId: string): Promise<{ kind: 'found'; runId: string } | { kind: 'absent' } | { kind: 'unanswered' }> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no answer')), DESCRIBE_TIMEOUT_MS)));
      const described = await Promise.race([this.temporal.workflow.getHandle(workflowId).describe(), timeout]);
      return { kind: 'found', runId: described.runId };
    } catch (err) {
      return err instanceof WorkflowNotFoundError ? { kind: 'absent' } : { kind: 'unanswered' };
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The Temporal Web UI page of a workflow: its run's history when the run is known, else the list filtered to the
 * workflow id (a continued run is found there too). Null without a configured UI.
 */
export function workflowUiUrl(config: Pick<ApiConfig, 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE'>, workflowId: string, runId: string | null): string | null {
  if (!config.TEMPORAL_UI_URL) return null;
  const base = `${config.TEMPORAL_UI_URL.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(config.TEMPORAL_NAMESPACE)}/workflows`;
  if (runId) return `${base}/${encodeURIComponent(workflowId)}/${encodeURIComponent(runId)}/history`;
  return `${base}?query=${encodeURIComponent(`WorkflowId="${workflowId}"`)}`;
}

/** A service's list, [] when it does not know the lead, 503 naming the service when it does not answer. */
async function orEmpty<T>(service: 'nurture' | 'engagement', pending: Promise<T[]>): Promise<T[]> {
  try {
    return await pending;
  } catch (err) {
    if (err instanceof StageCallError && err.status === 404) return [];
    const why = err instanceof StageCallError ? (err.status === null ? err.serviceMessage : `answered ${err.status}: ${err.serviceMessage}`) : (err as Error).message;
    throw new ApiError(`${service}_unavailable`, `the lead's journey cannot be read whole now: the ${service} service ${err instanceof StageCallError && err.status === null ? 'cannot be reached' : 'failed'} (${why}); nothing is shown rather than part of it`);
  }
}

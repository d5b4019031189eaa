import { ApplicationFailure } from '@temporalio/activity';
import type { HotLeadSlaInput, RoutingActivities } from '#libs/contracts';
import { checkedCampaignId, pagedStageActivity } from '#libs/service-runtime';
import { StageCallError } from '#libs/stage-clients';
import type { HotLeadSlaService } from '../hot-lead-sla/hot-lead-sla.service.js';
import type { CampaignRouter } from '../routes/campaign-router.js';
import { CampaignRoutingBusyError } from '../routes/routes.repository.js';

const LEAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The routing service's activities on TaskQueue.routing. Thin: they check the input (a bad one fails for good,
 * it would not get better on retry) and hand over to the Nest services that hold the logic.
 */
export function createRoutingActivities(router: CampaignRouter, sla: HotLeadSlaService): RoutingActivities {
  return {
    routeCampaign: pagedStageActivity({ stage: 'routing', run: (input, progress) => router.routeCampaign(input, progress), failure: permanentIfRefused }),

    async hotLeadSlaExpired(input) {
      assertSlaInput(input);
      return sla.hotLeadSlaExpired(input);
    },
  };
}

function assertSlaInput(input: HotLeadSlaInput) {
  checkedCampaignId(input?.campaignId);
  const problems: string[] = [];
  if (typeof input.leadId !== 'string' || !LEAD_ID.test(input.leadId)) problems.push('leadId must be a lead id');
  if (typeof input.ownerId !== 'string' || input.ownerId.length === 0) problems.push('ownerId must be an owner id');
  if (typeof input.routedAt !== 'string' || Number.isNaN(Date.parse(input.routedAt))) problems.push('routedAt must be an ISO time');
  if (!Number.isInteger(input.slaMinutes) || input.slaMinutes < 1) problems.push('slaMinutes must be a whole number of at least 1');
  if (problems.length > 0) throw ApplicationFailure.nonRetryable(`invalid hot-lead SLA input: ${problems.join('; ')}`, 'InvalidSlaInput');
}

/**
 * Another stage refusing our request (4xx) will refuse it again: fail at once so the run reports it. Timeouts,
 * rate limits, 5xx, unreachable services and a campaign busy with another run stay retryable.
 */
function permanentIfRefused(err: unknown): unknown {
  if (err instanceof CampaignRoutingBusyError) return ApplicationFailure.retryable(err.message, 'CampaignRoutingBusy');
  if (err instanceof StageCallError && err.status !== null && err.status >= 400 && err.status < 500 && err.status !== 408 && err.status !== 429) {
    return ApplicationFailure.nonRetryable(err.message, 'StageCallRefused');
  }
  return err;
}

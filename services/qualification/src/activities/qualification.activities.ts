import { ApplicationFailure, Context } from '@temporalio/activity';
import type { QualificationActivities, StageCursor } from '../../../../libs/contracts/src/index.js';
import { activityStageCursor } from '../../../../libs/service-runtime/src/index.js';
import type { CampaignQualifier } from '../campaigns/campaign-qualifier.js';

const CAMPAIGN_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Heartbeats between pages as well: a page whose domains all need slow DNS must not look like a stalled worker. */
const KEEP_ALIVE_MS = 15_000;

/** The qualification service's activities; bodies delegate to Nest services so the same code serves HTTP and Temporal. */
export function createQualificationActivities(qualifier: CampaignQualifier): QualificationActivities {
  return {
    async qualifyCampaign(input) {
      if (typeof input?.campaignId !== 'string' || !CAMPAIGN_ID.test(input.campaignId)) {
        throw ApplicationFailure.nonRetryable(`campaignId ${JSON.stringify(input?.campaignId)} is not a campaign id`, 'InvalidCampaignId');
      }
      if (typeof input.runId !== 'string' || input.runId === '' || input.runId.length > 200) {
        throw ApplicationFailure.nonRetryable('runId must be a non-empty string of at most 200 characters', 'InvalidRunId');
      }
      const ctx = Context.current();
      const { resumeFrom, heartbeat } = activityStageCursor();
      let last: StageCursor = resumeFrom ?? { after: null, processed: 0, counts: {} };
      const keepAlive = setInterval(() => heartbeat(last), KEEP_ALIVE_MS);
      try {
        return await qualifier.qualifyCampaign(
          { campaignId: input.campaignId, runId: input.runId },
          {
            resumeFrom,
            heartbeat: (cursor) => {
              last = cursor;
              heartbeat(cursor);
            },
            signal: ctx.cancellationSignal,
          },
        );
      } finally {
        clearInterval(keepAlive);
      }
    },
  };
}

import type { CampaignActivities } from '#libs/contracts';
import type { CampaignsService } from '../campaigns/campaigns.service.js';
import type { PipelineRunsService } from '../pipeline/pipeline-runs.service.js';

/** Activities the pipeline workflow calls on the API service's task queue. */
export function createCampaignActivities(campaigns: CampaignsService, runs: PipelineRunsService): CampaignActivities {
  return {
    listActiveCampaigns: ({ campaignId }) => campaigns.active(campaignId),
    recordRunStarted: (i) => runs.recordRunStarted(i),
    recordStage: (i) => runs.recordStage(i),
    recordRunFinished: (i) => runs.recordRunFinished(i),
  };
}

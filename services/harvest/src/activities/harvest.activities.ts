import { Context, ApplicationFailure } from '@temporalio/activity';
import { isCampaignId, type HarvestActivities } from '#libs/contracts';
import type { CampaignHarvester } from '../sources/campaign-harvester.js';

/** The harvest service's activities; bodies delegate to Nest services so the same code serves HTTP and Temporal. */
export function createHarvestActivities(harvester: CampaignHarvester): HarvestActivities {
  return {
    async harvestCampaign({ campaignId }) {
      if (!isCampaignId(campaignId)) {
        throw ApplicationFailure.nonRetryable(`campaignId ${JSON.stringify(campaignId)} is not a campaign id`, 'InvalidCampaignId');
      }
      const ctx = Context.current();
      return harvester.harvest(campaignId, (detail) => ctx.heartbeat(detail));
    },
  };
}

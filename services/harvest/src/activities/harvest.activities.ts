import { Context, ApplicationFailure } from '@temporalio/activity';
import type { HarvestActivities } from '../../../../libs/contracts/src/index.js';
import type { CampaignHarvester } from '../sources/campaign-harvester.js';

/** The harvest service's activities; bodies delegate to Nest services so the same code serves HTTP and Temporal. */
export function createHarvestActivities(harvester: CampaignHarvester): HarvestActivities {
  return {
    async harvestCampaign({ campaignId }) {
      if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(campaignId)) {
        throw ApplicationFailure.nonRetryable(`campaignId ${JSON.stringify(campaignId)} is not a campaign id`, 'InvalidCampaignId');
      }
      const ctx = Context.current();
      return harvester.harvest(campaignId, (detail) => ctx.heartbeat(detail));
    },
  };
}

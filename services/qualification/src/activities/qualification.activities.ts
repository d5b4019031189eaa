import type { QualificationActivities } from '#libs/contracts';
import { pagedStageActivity } from '#libs/service-runtime';
import type { CampaignQualifier } from '../campaigns/campaign-qualifier.js';

/** The qualification service's activities; bodies delegate to Nest services so the same code serves HTTP and Temporal. */
export function createQualificationActivities(qualifier: CampaignQualifier): QualificationActivities {
  return {
    qualifyCampaign: pagedStageActivity({
      stage: 'qualification',
      run: (input, progress) => qualifier.qualifyCampaign(input, progress),
      // A page whose domains all need slow DNS must not look like a stalled worker.
      keepAliveMs: 15_000,
    }),
  };
}

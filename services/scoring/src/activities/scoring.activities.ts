import type { ScoringActivities } from '#libs/contracts';
import { pagedStageActivity } from '#libs/service-runtime';
import type { CampaignScorer } from '../scores/campaign-scorer.js';

export function createScoringActivities(scorer: CampaignScorer): ScoringActivities {
  return {
    scoreCampaign: pagedStageActivity({ stage: 'scoring', run: (input, progress) => scorer.scoreCampaign(input, progress) }),
  };
}

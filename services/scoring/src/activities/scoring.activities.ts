import type { ScoringActivities } from '../../../../libs/contracts/src/index.js';
import { pagedStageActivity } from '../../../../libs/service-runtime/src/index.js';
import type { CampaignScorer } from '../scores/campaign-scorer.js';

export function createScoringActivities(scorer: CampaignScorer): ScoringActivities {
  return {
    scoreCampaign: pagedStageActivity({ stage: 'scoring', run: (input, progress) => scorer.scoreCampaign(input, progress) }),
  };
}

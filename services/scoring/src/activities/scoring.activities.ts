import type { ScoringActivities } from '../../../../libs/contracts/src/index.js';
import { activityStageCursor } from '../../../../libs/service-runtime/src/index.js';
import type { CampaignScorer } from '../scores/campaign-scorer.js';

export function createScoringActivities(scorer: CampaignScorer): ScoringActivities {
  return {
    scoreCampaign: (input) => scorer.scoreCampaign(input, activityStageCursor()),
  };
}

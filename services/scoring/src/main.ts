import 'reflect-metadata';
import { TaskQueue } from '#libs/contracts';
import { DEFAULT_SCORING_RULE_SET, validateScoringRuleSet } from '#libs/lead-scoring';
import { bootStageService } from '#libs/service-runtime';
import { createScoringActivities } from './activities/scoring.activities.js';
import { readScoringConfig } from './scoring.config.js';
import { scoringStatusByCode } from './scoring-errors.js';
import { ScoringModule } from './scoring.module.js';
import { scoringEntities, scoringMigrations } from './scoring.schema.js';
import { CampaignScorer } from './scores/campaign-scorer.js';

/** The scoring service: fit, intent and engagement scores per campaign, with explanations. */
bootStageService({
  stage: { name: 'scoring', taskQueue: TaskQueue.scoring },
  config: () => readScoringConfig(),
  http: (config) => ({ port: config.SCORING_PORT, host: config.SCORING_HOST }),
  tables: { entities: scoringEntities, migrations: scoringMigrations },
  module: ScoringModule,
  statusByCode: scoringStatusByCode,
  ruleSets: { validate: validateScoringRuleSet, starter: DEFAULT_SCORING_RULE_SET },
  activities: (app) => createScoringActivities(app.get(CampaignScorer)),
});

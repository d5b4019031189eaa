import 'reflect-metadata';
import { TaskQueue } from '../../../libs/contracts/src/index.js';
import { serviceDataSourceOptions } from '../../../libs/database/src/index.js';
import { DEFAULT_SCORING_RULE_SET, type ScoringRuleSet } from '../../../libs/lead-scoring/src/index.js';
import { createLogger } from '../../../libs/logging/src/index.js';
import { RULE_SET_STORE, type RuleSetStore } from '../../../libs/rule-set-store/src/index.js';
import { bootStageService, configOrExit } from '../../../libs/service-runtime/src/index.js';
import { createScoringActivities } from './activities/scoring.activities.js';
import { readScoringConfig } from './scoring.config.js';
import { scoringStatusByCode } from './scoring-errors.js';
import { ScoringModule } from './scoring.module.js';
import { scoringEntities, scoringMigrations } from './scoring.schema.js';
import { CampaignScorer } from './scores/campaign-scorer.js';

const config = configOrExit(() => readScoringConfig());
const log = createLogger('scoring', config.LOG_LEVEL);

/** The scoring service: fit, intent and engagement scores per campaign, with explanations. */
bootStageService({
  name: 'scoring',
  schema: 'scoring',
  log,
  databaseUrl: config.DATABASE_URL,
  dataSource: (applicationName) => serviceDataSourceOptions({ url: config.DATABASE_URL, schema: 'scoring', entities: scoringEntities, migrations: scoringMigrations, applicationName }),
  module: (metrics, workerState) => ScoringModule.register(config, metrics, workerState),
  statusByCode: scoringStatusByCode,
  temporal: { address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, taskQueue: TaskQueue.scoring },
  activities: (app) => createScoringActivities(app.get(CampaignScorer)),
  http: { port: config.SCORING_PORT, host: config.SCORING_HOST },
  onReady: (app) => app.get<RuleSetStore<ScoringRuleSet>>(RULE_SET_STORE).seed('demo', DEFAULT_SCORING_RULE_SET, 'demo seed'),
}).catch((err) => {
  log.fatal({ err: String(err?.stack ?? err) }, 'scoring service failed to start');
  process.exit(1);
});

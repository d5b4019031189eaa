import 'reflect-metadata';
import { TaskQueue } from '../../../libs/contracts/src/index.js';
import { DEMO_QUALIFICATION_RULE_SET, type QualificationRuleSet } from '../../../libs/lead-qualification/src/index.js';
import { createLogger } from '../../../libs/logging/src/index.js';
import { RULE_SET_STORE, type RuleSetStore } from '../../../libs/rule-set-store/src/index.js';
import { bootStageService, configOrExit } from '../../../libs/service-runtime/src/index.js';
import { createQualificationActivities } from './activities/qualification.activities.js';
import { CampaignQualifier } from './campaigns/campaign-qualifier.js';
import { readQualificationConfig } from './qualification.config.js';
import { statusByCode } from './qualification-errors.js';
import { qualificationDataSource, QualificationModule } from './qualification.module.js';

const config = configOrExit(() => readQualificationConfig());
const log = createLogger('qualification', config.LOG_LEVEL);

/** The qualification service: its schema's migrations, its internal routes and its activities on its own task queue. */
bootStageService({
  name: 'qualification',
  schema: 'qualification',
  log,
  databaseUrl: config.DATABASE_URL,
  dataSource: (applicationName) => qualificationDataSource(config, applicationName),
  module: (metrics, workerState) => QualificationModule.register(config, log, metrics, workerState),
  statusByCode,
  temporal: { address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, taskQueue: TaskQueue.qualification },
  activities: (app) => createQualificationActivities(app.get(CampaignQualifier)),
  http: { port: config.QUALIFICATION_PORT, host: config.QUALIFICATION_HOST },
  // The demo campaign qualifies out of the box; a no-op once it has any rule set.
  onReady: (app) => app.get<RuleSetStore<QualificationRuleSet>>(RULE_SET_STORE).seed('demo', DEMO_QUALIFICATION_RULE_SET, 'demo seed'),
}).catch((err) => {
  log.fatal({ err: String(err?.stack ?? err) }, 'qualification service failed to start');
  process.exit(1);
});

import 'reflect-metadata';
import { TaskQueue } from '../../../libs/contracts/src/index.js';
import { serviceDataSourceOptions } from '../../../libs/database/src/index.js';
import type { RoutingRuleSet } from '../../../libs/lead-routing/src/index.js';
import { createLogger } from '../../../libs/logging/src/index.js';
import { RULE_SET_STORE, type RuleSetStore } from '../../../libs/rule-set-store/src/index.js';
import { bootStageService, configOrExit } from '../../../libs/service-runtime/src/index.js';
import { createRoutingActivities } from './activities/routing.activities.js';
import { HotLeadSlaService } from './hot-lead-sla/hot-lead-sla.service.js';
import { CampaignRouter } from './routes/campaign-router.js';
import { seedDemoRoutingRules } from './rule-sets/routing-rule-sets.js';
import { readRoutingConfig } from './routing.config.js';
import { routingStatusByCode } from './routing-errors.js';
import { RoutingModule } from './routing.module.js';
import { routingEntities, routingMigrations } from './routing.schema.js';

const config = configOrExit(() => readRoutingConfig());
const log = createLogger('routing', config.LOG_LEVEL);

/** The routing service: its schema's migrations, its internal routes and its activities on TaskQueue.routing. */
bootStageService({
  name: 'routing',
  schema: 'routing',
  log,
  databaseUrl: config.DATABASE_URL,
  dataSource: (applicationName) =>
    serviceDataSourceOptions({ url: config.DATABASE_URL, schema: 'routing', entities: routingEntities, migrations: routingMigrations, applicationName }),
  module: (metrics, workerState) => RoutingModule.register(config, log, metrics, workerState),
  statusByCode: routingStatusByCode,
  temporal: { address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, taskQueue: TaskQueue.routing },
  activities: (app) => createRoutingActivities(app.get(CampaignRouter), app.get(HotLeadSlaService)),
  http: { port: config.ROUTING_PORT, host: config.ROUTING_HOST },
  onReady: (app) => seedDemoRoutingRules(app.get<RuleSetStore<RoutingRuleSet>>(RULE_SET_STORE)),
}).catch((err) => {
  log.fatal({ err: String(err?.stack ?? err) }, 'routing service failed to start');
  process.exit(1);
});

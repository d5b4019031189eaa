import 'reflect-metadata';
import { TaskQueue } from '#libs/contracts';
import { DEMO_ROUTING_RULE_SET, validateRoutingRuleSet } from '#libs/lead-routing';
import { bootStageService } from '#libs/service-runtime';
import { createRoutingActivities } from './activities/routing.activities.js';
import { HotLeadSlaService } from './hot-lead-sla/hot-lead-sla.service.js';
import { CampaignRouter } from './routes/campaign-router.js';
import { readRoutingConfig } from './routing.config.js';
import { routingStatusByCode } from './routing-errors.js';
import { RoutingModule } from './routing.module.js';
import { routingEntities, routingMigrations } from './routing.schema.js';

/** The routing service: sequences and owners for qualified leads, within guardrails, and hot-lead SLA timers. */
bootStageService({
  stage: { name: 'routing', taskQueue: TaskQueue.routing },
  config: () => readRoutingConfig(),
  http: (config) => ({ port: config.ROUTING_PORT, host: config.ROUTING_HOST }),
  tables: { entities: routingEntities, migrations: routingMigrations },
  module: RoutingModule,
  statusByCode: routingStatusByCode,
  ruleSets: { validate: validateRoutingRuleSet, starter: DEMO_ROUTING_RULE_SET },
  activities: (app) => createRoutingActivities(app.get(CampaignRouter), app.get(HotLeadSlaService)),
});

import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Registry } from 'prom-client';
import { serviceDataSourceOptions } from '../../../libs/database/src/index.js';
import type { Logger } from '../../../libs/logging/src/index.js';
import { stageReadinessProvider } from '../../../libs/service-runtime/src/index.js';
import { HealthController, METRICS_REGISTRY } from '../../../libs/observability/src/index.js';
import { LeadFactsClient, LeadTiersClient, QualifiedLeadsClient } from '../../../libs/stage-clients/src/index.js';
import { GuardrailFactsRepository } from './guardrails/guardrail-facts.repository.js';
import { LeadSignalsService } from './guardrails/lead-signals.service.js';
import { HotLeadSlaService } from './hot-lead-sla/hot-lead-sla.service.js';
import { HotLeadSlaTimers } from './hot-lead-sla/hot-lead-sla-timers.js';
import { SlaEventsRepository } from './hot-lead-sla/sla-events.repository.js';
import { LeadSignalsController } from './http/lead-signals.controller.js';
import { RoutesController } from './http/routes.controller.js';
import { CampaignRouter } from './routes/campaign-router.js';
import { LeadRoutesService } from './routes/lead-routes.service.js';
import { RoutesRepository } from './routes/routes.repository.js';
import { RoutingRuleSetsController, routingRuleSetStore } from './rule-sets/routing-rule-sets.js';
import { ROUTING_CONFIG, type RoutingConfig } from './routing.config.js';
import { ROUTING_LOGGER } from './routing-logger.js';
import { RoutingMetrics } from './routing-metrics.js';
import { routingEntities, routingMigrations } from './routing.schema.js';

@Module({})
export class RoutingModule {
  static register(config: RoutingConfig, log: Logger, metrics: Registry, workerState: () => string): DynamicModule {
    return {
      module: RoutingModule,
      imports: [
        TypeOrmModule.forRoot(
          serviceDataSourceOptions({ url: config.DATABASE_URL, schema: 'routing', entities: routingEntities, migrations: routingMigrations, applicationName: 'routing' }),
        ),
      ],
      controllers: [RoutingRuleSetsController, RoutesController, LeadSignalsController, HealthController],
      providers: [
        { provide: ROUTING_CONFIG, useValue: config },
        { provide: ROUTING_LOGGER, useValue: log },
        { provide: METRICS_REGISTRY, useValue: metrics },
        stageReadinessProvider(workerState),
        { provide: LeadFactsClient, useValue: new LeadFactsClient(config.HARVEST_URL) },
        { provide: LeadTiersClient, useValue: new LeadTiersClient(config.SCORING_URL) },
        { provide: QualifiedLeadsClient, useValue: new QualifiedLeadsClient(config.QUALIFICATION_URL) },
        routingRuleSetStore,
        RoutingMetrics,
        RoutesRepository,
        GuardrailFactsRepository,
        CampaignRouter,
        LeadRoutesService,
        LeadSignalsService,
        HotLeadSlaTimers,
        SlaEventsRepository,
        HotLeadSlaService,
      ],
    };
  }
}

import { Module, type Provider } from '@nestjs/common';
import type { StageServiceContext } from '#libs/service-runtime';
import { LeadFactsClient, LeadTiersClient, QualifiedLeadsClient } from '#libs/stage-clients';
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
import { ROUTING_CONFIG, type RoutingConfig } from './routing.config.js';
import { ROUTING_LOGGER } from './routing-logger.js';
import { RoutingMetrics } from './routing-metrics.js';

/** The routing service's root module; bootStageService adds its data source, rule sets, health and metrics. */
@Module({})
export class RoutingModule {
  static readonly controllers = [RoutesController, LeadSignalsController];

  static providers({ config, log }: StageServiceContext<RoutingConfig>): Provider[] {
    return [
      { provide: ROUTING_CONFIG, useValue: config },
      { provide: ROUTING_LOGGER, useValue: log },
      { provide: LeadFactsClient, useValue: new LeadFactsClient(config.HARVEST_URL, config.INTERNAL_API_TOKEN) },
      { provide: LeadTiersClient, useValue: new LeadTiersClient(config.SCORING_URL, config.INTERNAL_API_TOKEN) },
      { provide: QualifiedLeadsClient, useValue: new QualifiedLeadsClient(config.QUALIFICATION_URL, config.INTERNAL_API_TOKEN) },
      RoutingMetrics,
      RoutesRepository,
      GuardrailFactsRepository,
      CampaignRouter,
      LeadRoutesService,
      LeadSignalsService,
      HotLeadSlaTimers,
      SlaEventsRepository,
      HotLeadSlaService,
    ];
  }
}

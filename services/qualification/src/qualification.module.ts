import { Module, type Provider } from '@nestjs/common';
import { DomainMailCheck } from '#libs/dns-check';
import type { StageServiceContext } from '#libs/service-runtime';
import { LeadFactsClient } from '#libs/stage-clients';
import { CampaignQualifier } from './campaigns/campaign-qualifier.js';
import { QualificationMetrics } from './campaigns/qualification-metrics.js';
import { MAIL_DOMAIN_CHECKER } from './dns/mail-domain-facts.js';
import { LeadQualificationController } from './http/lead-qualification.controller.js';
import { QualifiedLeadsController } from './http/qualified-leads.controller.js';
import { QUALIFICATION_CONFIG, type QualificationConfig } from './qualification.config.js';
import { QUALIFICATION_LOGGER } from './qualification-logger.js';
import { QualificationResults } from './results/qualification-results.js';
import { QualifiedLeads } from './results/qualified-leads.js';
import { SuppressionLookup } from './suppressions/suppression-lookup.js';

/** The qualification service's root module; bootStageService adds its data source, rule sets, health and metrics. */
@Module({})
export class QualificationModule {
  static readonly controllers = [LeadQualificationController, QualifiedLeadsController];

  static providers({ config, log, metrics }: StageServiceContext<QualificationConfig>): Provider[] {
    return [
      { provide: QUALIFICATION_CONFIG, useValue: config },
      { provide: QUALIFICATION_LOGGER, useValue: log },
      // One checker per process: its LRU cache and in-flight de-duplication span pages, runs and campaigns.
      { provide: MAIL_DOMAIN_CHECKER, useFactory: () => new DomainMailCheck(config.dns) },
      { provide: LeadFactsClient, useFactory: () => new LeadFactsClient(config.HARVEST_URL, config.INTERNAL_API_TOKEN) },
      { provide: QualificationMetrics, useFactory: () => new QualificationMetrics(metrics) },
      QualificationResults,
      QualifiedLeads,
      SuppressionLookup,
      CampaignQualifier,
    ];
  }
}

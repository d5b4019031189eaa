import { type DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { serviceDataSourceOptions } from '../../../libs/database/src/index.js';
import { DomainMailCheck } from '../../../libs/dns-check/src/index.js';
import type { Logger } from '../../../libs/logging/src/index.js';
import { stageReadinessProvider } from '../../../libs/service-runtime/src/index.js';
import { HealthController, METRICS_REGISTRY } from '../../../libs/observability/src/index.js';
import { RULE_SET_STORE, ruleSetController } from '../../../libs/rule-set-store/src/index.js';
import { LeadFactsClient } from '../../../libs/stage-clients/src/index.js';
import { CampaignQualifier } from './campaigns/campaign-qualifier.js';
import { QualificationMetrics } from './campaigns/qualification-metrics.js';
import { MAIL_DOMAIN_CHECKER } from './dns/mail-domain-facts.js';
import { LeadQualificationController } from './http/lead-qualification.controller.js';
import { QualifiedLeadsController } from './http/qualified-leads.controller.js';
import { SuppressionsController } from './http/suppressions.controller.js';
import { QUALIFICATION_CONFIG, type QualificationConfig } from './qualification.config.js';
import { QUALIFICATION_LOGGER } from './qualification-logger.js';
import { qualificationEntities, qualificationMigrations } from './qualification.schema.js';
import { QualificationResults } from './results/qualification-results.js';
import { qualificationRuleSetStore } from './rule-sets/qualification-rule-sets.js';
import { SuppressionList } from './suppressions/suppression-list.js';

const QualificationRuleSetController = ruleSetController();

export function qualificationDataSource(config: QualificationConfig, applicationName: string) {
  return serviceDataSourceOptions({ url: config.DATABASE_URL, schema: 'qualification', entities: qualificationEntities, migrations: qualificationMigrations, applicationName });
}

@Module({})
export class QualificationModule {
  static register(config: QualificationConfig, log: Logger, metrics: Registry, workerState: () => string): DynamicModule {
    return {
      module: QualificationModule,
      imports: [TypeOrmModule.forRoot(qualificationDataSource(config, 'qualification'))],
      controllers: [QualificationRuleSetController, LeadQualificationController, QualifiedLeadsController, SuppressionsController, HealthController],
      providers: [
        { provide: QUALIFICATION_CONFIG, useValue: config },
        { provide: QUALIFICATION_LOGGER, useValue: log },
        { provide: METRICS_REGISTRY, useValue: metrics },
        stageReadinessProvider(workerState),
        { provide: RULE_SET_STORE, inject: [getDataSourceToken()], useFactory: (db: DataSource) => qualificationRuleSetStore(db) },
        // One checker per process: its LRU cache and in-flight de-duplication span pages, runs and campaigns.
        { provide: MAIL_DOMAIN_CHECKER, useFactory: () => new DomainMailCheck(config.dns) },
        { provide: LeadFactsClient, useFactory: () => new LeadFactsClient(config.HARVEST_URL) },
        { provide: QualificationMetrics, useFactory: () => new QualificationMetrics(metrics) },
        QualificationResults,
        SuppressionList,
        CampaignQualifier,
      ],
    };
  }
}

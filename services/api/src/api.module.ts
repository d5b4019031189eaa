import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import type { Registry } from 'prom-client';
import { serviceDataSourceOptions } from '#libs/database';
import type { Logger } from '#libs/logging';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ApiKeyStore, type Sql } from '#libs/api-keys';
import { METRICS_REGISTRY, READINESS_CHECKS, type ReadinessCheck } from '#libs/observability';
import { AuditTrail } from './audit/audit-trail.js';
import { API_KEY_LIMITS, readApiKeyLimits } from './auth/api-key.config.js';
import { ApiKeyGuard } from './auth/api-key.guard.js';
import { PublicHealthController } from './auth/public-health.controller.js';
import { KeysController } from './http/keys.controller.js';
import { API_CONFIG, API_LOGGER, TEMPORAL_CLIENT, type ApiConfig } from './api.config.js';
import { apiEntities, apiMigrations } from './api.schema.js';
import { CampaignsService } from './campaigns/campaigns.service.js';
import { EngagementGateway, HarvestGateway, NurtureGateway, QualificationGateway, RoutingGateway, ScoringGateway } from './leads/service-gateway.js';
import { EngagementReadClient, NurtureEngagementClient } from '#libs/stage-clients';
import { EngagementController } from './http/engagement.controller.js';
import { MailboxPausesController } from './http/mailbox-pauses.controller.js';
import { LeadJourney } from './journey/lead-journey.js';
import { LeadReplies } from './journey/lead-replies.js';
import { LeadJudgementController } from './http/lead-judgement.controller.js';
import { RuleSetsController } from './http/rule-sets.controller.js';
import { SuppressionsController } from './http/suppressions.controller.js';
import { UnsubscribeController } from './http/unsubscribe.controller.js';
import { PipelineRunsService } from './pipeline/pipeline-runs.service.js';
import { CampaignsController } from './http/campaigns.controller.js';
import { ImportsController } from './http/imports.controller.js';
import { LeadsController } from './http/leads.controller.js';
import { PipelineController } from './http/pipeline.controller.js';
import { NurtureDefinitionsController } from './http/nurture-definitions.controller.js';
import { NurtureEnrolmentsController } from './http/nurture-enrolments.controller.js';
import { LeadNurtureStatus } from './http/nurture-status.js';

@Module({})
export class ApiModule {
  static register(config: ApiConfig, log: Logger, metrics: Registry, temporal: Client, workerState: () => string): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        TypeOrmModule.forRoot(
          serviceDataSourceOptions({ url: config.DATABASE_URL, schema: 'api', entities: apiEntities, migrations: apiMigrations, applicationName: 'api' }),
        ),
      ],
      controllers: [CampaignsController, LeadsController, LeadJudgementController, RuleSetsController, SuppressionsController, ImportsController, PipelineController, KeysController, PublicHealthController, NurtureDefinitionsController, NurtureEnrolmentsController, UnsubscribeController, EngagementController, MailboxPausesController],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: API_LOGGER, useValue: log },
        { provide: METRICS_REGISTRY, useValue: metrics },
        { provide: TEMPORAL_CLIENT, useValue: temporal },
        { provide: API_KEY_LIMITS, useFactory: () => readApiKeyLimits() },
        { provide: ApiKeyStore, inject: [getDataSourceToken()], useFactory: (db: DataSource) => new ApiKeyStore(rowsOf(db)) },
        AuditTrail,
        // Every route needs an API key of the right scope unless its handler is marked public.
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        {
          provide: READINESS_CHECKS,
          inject: [getDataSourceToken()],
          useFactory: (db: DataSource): ReadinessCheck[] => [
            async () => ({ name: 'database', ok: (await db.query('SELECT 1 AS ok'))[0].ok === 1 }),
            async () => {
              await temporal.workflowService.getSystemInfo({});
              return { name: 'temporal', ok: true };
            },
            async () => ({ name: 'temporal-worker', ok: workerState() === 'RUNNING', detail: workerState() }),
          ],
        },
        CampaignsService,
        PipelineRunsService,
        HarvestGateway,
        ScoringGateway,
        QualificationGateway,
        RoutingGateway,
        NurtureGateway,
        EngagementGateway,
        LeadNurtureStatus,
        // The journey reads nurture's send ledger and engagement's inbox through their clients.
        { provide: NurtureEngagementClient, useFactory: () => new NurtureEngagementClient(config.NURTURE_URL, config.INTERNAL_API_TOKEN) },
        { provide: EngagementReadClient, useFactory: () => new EngagementReadClient(config.ENGAGEMENT_URL, config.INTERNAL_API_TOKEN) },
        LeadJourney,
        LeadReplies,
      ],
    };
  }
}

/** Rows of any statement (DataSource.query answers an UPDATE … RETURNING with [rows, count] instead). */
function rowsOf(db: DataSource): Sql {
  return async (text, params) => {
    const runner = db.createQueryRunner();
    try {
      return (await runner.query(text, params, true)).records as Array<Record<string, unknown>>;
    } finally {
      await runner.release();
    }
  };
}

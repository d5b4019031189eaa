import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import type { Registry } from 'prom-client';
import { serviceDataSourceOptions } from '../../../libs/database/src/index.js';
import type { Logger } from '../../../libs/logging/src/index.js';
import { API_CONFIG, API_LOGGER, API_METRICS, API_WORKER_STATE, TEMPORAL_CLIENT, type ApiConfig } from './api.config.js';
import { apiEntities, apiMigrations } from './api.schema.js';
import { CampaignsService } from './campaigns/campaigns.service.js';
import { HarvestGateway } from './leads/harvest.gateway.js';
import { PipelineRunsService } from './pipeline/pipeline-runs.service.js';
import { CampaignsController } from './http/campaigns.controller.js';
import { HealthController } from './http/health.controller.js';
import { ImportsController } from './http/imports.controller.js';
import { LeadsController } from './http/leads.controller.js';
import { PipelineController } from './http/pipeline.controller.js';

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
      controllers: [CampaignsController, LeadsController, ImportsController, PipelineController, HealthController],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: API_LOGGER, useValue: log },
        { provide: API_METRICS, useValue: metrics },
        { provide: TEMPORAL_CLIENT, useValue: temporal },
        { provide: API_WORKER_STATE, useValue: workerState },
        CampaignsService,
        PipelineRunsService,
        HarvestGateway,
      ],
    };
  }
}

import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Registry } from 'prom-client';
import type { Logger } from '#libs/logging';
import { serviceDataSourceOptions } from '#libs/database';
import { HARVEST_CONFIG, type HarvestConfig } from './harvest.config.js';
import { HARVEST_LOGGER } from './harvest-logger.js';
import { stageReadinessProvider } from '#libs/service-runtime';
import { HealthController, METRICS_REGISTRY } from '#libs/observability';
import { harvestEntities, harvestMigrations } from './harvest.schema.js';
import { LeadsService } from './leads/leads.service.js';
import { ImportJobsService } from './imports/import-jobs.service.js';
import { ImportWorkflows } from './imports/import-workflows.js';
import { LeadFileImporter } from './imports/lead-file-importer.js';
import { CampaignSourcesService } from './sources/campaign-sources.service.js';
import { CampaignHarvester } from './sources/campaign-harvester.js';
import { PeopleSearchSource } from './sources/people-search.source.js';
import { DropFolderSource } from './drop-folder/drop-folder.source.js';
import { DropFolderWatcher } from './drop-folder/drop-folder.watcher.js';
import { LeadsController } from './http/leads.controller.js';
import { ImportsController } from './http/imports.controller.js';
import { SourcesController } from './http/sources.controller.js';
import { LeadFactsController } from './http/lead-facts.controller.js';
import { LeadFactsService } from './leads/lead-facts.service.js';
import { FormsController } from './http/forms.controller.js';
import { FormsService } from './forms/forms.service.js';

@Module({})
export class HarvestModule {
  static register(config: HarvestConfig, log: Logger, metrics: Registry, workerState: () => string): DynamicModule {
    return {
      module: HarvestModule,
      imports: [
        TypeOrmModule.forRoot(
          serviceDataSourceOptions({ url: config.DATABASE_URL, schema: 'harvest', entities: harvestEntities, migrations: harvestMigrations, applicationName: 'harvest' }),
        ),
      ],
      controllers: [LeadsController, FormsController, ImportsController, SourcesController, LeadFactsController, HealthController],
      providers: [
        { provide: HARVEST_CONFIG, useValue: config },
        { provide: HARVEST_LOGGER, useValue: log },
        { provide: METRICS_REGISTRY, useValue: metrics },
        stageReadinessProvider(workerState),
        LeadsService,
        LeadFactsService,
        FormsService,
        ImportJobsService,
        ImportWorkflows,
        LeadFileImporter,
        CampaignSourcesService,
        CampaignHarvester,
        PeopleSearchSource,
        DropFolderSource,
        DropFolderWatcher,
      ],
    };
  }
}

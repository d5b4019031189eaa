import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Worker } from '@temporalio/worker';
import { TaskQueue } from '#libs/contracts';
import { migrateServiceSchema, serviceDataSourceOptions } from '#libs/database';
import { ApiExceptionFilter, guardedJsonOptions, RequestValuesPipe } from '#libs/http-api';
import { createLogger } from '#libs/logging';
import { createMetricsRegistry } from '#libs/observability';
import { configOrExit, guardService, listen, startActivityWorker, stopOnSignals } from '#libs/service-runtime';
import { createHarvestActivities } from './activities/harvest.activities.js';
import { createImportActivities } from './activities/import.activities.js';
import { readHarvestConfig } from './harvest.config.js';
import { harvestStatusByCode } from './harvest-errors.js';
import { harvestEntities, harvestMigrations } from './harvest.schema.js';
import { HarvestModule } from './harvest.module.js';
import { ImportJobsService } from './imports/import-jobs.service.js';
import { LeadFileImporter } from './imports/lead-file-importer.js';
import { CampaignHarvester } from './sources/campaign-harvester.js';

const config = configOrExit(() => readHarvestConfig());
const log = createLogger('harvest', config.LOG_LEVEL);

/** The harvest service: its schema's migrations, its HTTP endpoints and its activities on its own task queue. */
async function main() {
  const applied = await migrateServiceSchema({
    ...serviceDataSourceOptions({ url: config.DATABASE_URL, schema: 'harvest', entities: harvestEntities, migrations: harvestMigrations, applicationName: 'harvest-migrate' }),
    url: config.DATABASE_URL,
    schema: 'harvest',
  });
  if (applied.length) log.info({ applied }, 'migrations applied');

  let worker: Worker | undefined;
  const metrics = createMetricsRegistry('harvest');
  const app = await NestFactory.create<NestExpressApplication>(HarvestModule.register(config, log, metrics, () => worker?.getState() ?? 'STARTING'), {
    logger: ['error', 'warn'],
    bodyParser: true,
  });
  // Security headers, the Host allowlist and the internal token, before any route.
  guardService(app, { name: 'harvest', port: config.HARVEST_PORT, host: config.HARVEST_HOST, config, prefix: 'HARVEST', log, internalOnly: true });
  // 1 MB: a stage asks for up to 10,000 lead ids at once.
  app.useBodyParser('json', guardedJsonOptions('1mb'));
  app.useBodyParser('urlencoded', { limit: '64kb', extended: false });
  app.useGlobalFilters(new ApiExceptionFilter(harvestStatusByCode, log));
  // Ids and text in paths and queries are checked before any handler can hand them to SQL.
  app.useGlobalPipes(new RequestValuesPipe());
  app.enableShutdownHooks();
  await app.init();

  const started = await startActivityWorker({
    log,
    address: config.TEMPORAL_ADDRESS,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: TaskQueue.harvest,
    activities: { ...createHarvestActivities(app.get(CampaignHarvester)), ...createImportActivities(app.get(LeadFileImporter)) },
    // A drop-folder sweep waits for its files' imports, which need slots of their own.
    maxConcurrentActivityTaskExecutions: 8,
  });
  worker = started.worker;
  // Jobs accepted by the previous import engine (or whose start was interrupted) get their workflow.
  await app
    .get(ImportJobsService)
    .takeOverUnfinished()
    .then((n) => n && log.info({ jobs: n }, 'unfinished imports handed to their workflows'))
    .catch((err) => log.warn({ err: String(err) }, 'unfinished imports not taken over; the next start tries again'));
  await listen(app, config.HARVEST_PORT, config.HARVEST_HOST, log, 'harvest');
  log.info({ port: config.HARVEST_PORT, taskQueue: TaskQueue.harvest }, 'harvest service started');

  stopOnSignals(log, [
    () => started.worker.shutdown(),
    () => started.done,
    () => app.close(),
    () => started.connection.close(),
  ]);
}

main().catch((err) => {
  log.fatal({ err: String(err?.stack ?? err) }, 'harvest service failed to start');
  process.exit(1);
});

import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Worker } from '@temporalio/worker';
import { TaskQueue } from '#libs/contracts';
import { migrateServiceSchema, serviceDataSourceOptions } from '#libs/database';
import { ApiExceptionFilter, finaliseContractDocument, guardedJsonOptions, routeGate } from '#libs/http-api';
import { createLogger } from '#libs/logging';
import { createMetricsRegistry } from '#libs/observability';
import { configOrExit, declareMisdirectedRequest, guardService, listen, startActivityWorker, stopOnSignals } from '#libs/service-runtime';
import { connectClient } from '#libs/temporal';
import { createCampaignActivities } from './activities/campaign.activities.js';
import { readApiConfig } from './api.config.js';
import { apiStatusByCode } from './api-errors.js';
import { ApiModule } from './api.module.js';
import { apiEntities, apiMigrations } from './api.schema.js';
import { CampaignsService } from './campaigns/campaigns.service.js';
import { PipelineRunsService } from './pipeline/pipeline-runs.service.js';
import { keepRawBody } from './forms/form-signature.js';

const config = configOrExit(() => readApiConfig());
const log = createLogger('api', config.LOG_LEVEL);

/** The public REST API: campaigns, leads (through harvest), imports, pipeline runs; hosts the campaigns activities. */
async function main() {
  const dbOptions = serviceDataSourceOptions({ url: config.DATABASE_URL, schema: 'api', entities: apiEntities, migrations: apiMigrations, applicationName: 'api-migrate' });
  const applied = await migrateServiceSchema({ ...dbOptions, url: config.DATABASE_URL, schema: 'api' });
  if (applied.length) log.info({ applied }, 'migrations applied');

  const temporal = await connectClient({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE });
  let worker: Worker | undefined;
  const metrics = createMetricsRegistry('api');
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.register(config, log, metrics, temporal, () => worker?.getState() ?? 'STARTING'), {
    logger: ['error', 'warn'],
  });
  // Security headers, the Host allowlist and the public posts' (forms, one-click unsubscribe) per-address rate limit, before any route.
  guardService(app, {
    name: 'api',
    port: config.API_PORT,
    host: config.API_HOST,
    config,
    prefix: 'API',
    log,
    internalOnly: false,
    addressLimit: { applies: (req) => req.method === 'POST' && (req.path.startsWith('/forms/') || req.path.startsWith('/unsubscribe/')), burst: config.API_FORM_RATE_BURST, perMinute: config.API_FORM_RATE_PER_MINUTE },
    trustProxy: config.API_TRUST_PROXY,
  });
  // Size and nesting depth are limited before the body is parsed (deep nesting overflows the stack later on).
  app.useBodyParser('json', guardedJsonOptions(config.API_JSON_LIMIT));
  // Public forms post urlencoded bodies; the raw bytes are kept for signed forms (the JSON guard keeps them too).
  // body-parser honours `verify`; Nest's option type leaves it out, hence the separate object.
  const urlencoded = { limit: '64kb', extended: false, verify: keepRawBody };
  app.useBodyParser('urlencoded', urlencoded);
  // Rule sets may be written in YAML.
  app.useBodyParser('text', { limit: '256kb', type: ['text/yaml', 'application/yaml', 'application/x-yaml'] });
  // Requests are validated per handler by the zod schemas of their contract (see libs/http-api/src/contract.ts).
  app.useGlobalFilters(new ApiExceptionFilter(apiStatusByCode, log));
  app.enableShutdownHooks();

  const document = finaliseContractDocument(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setOpenAPIVersion('3.1.0')
        .setTitle('AICMO CAM API')
        .setDescription('Client Acquisition Mode: campaigns, leads, imports and the daily pipeline. Errors are { code, message, details[] }.')
        .setVersion('0.1.0')
        .build(),
    ),
  );
  // Every operation can meet the Host allowlist's 421.
  declareMisdirectedRequest(document);
  // Before the routes: wrong methods (405 with Allow) and undeclared media types (415), read from the document.
  app.use(routeGate(document));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  await app.init();

  const started = await startActivityWorker({
    log,
    address: config.TEMPORAL_ADDRESS,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: TaskQueue.campaigns,
    activities: createCampaignActivities(app.get(CampaignsService), app.get(PipelineRunsService)),
    maxConcurrentActivityTaskExecutions: 20,
  });
  worker = started.worker;
  await listen(app, config.API_PORT, config.API_HOST, log, 'api');
  log.info({ port: config.API_PORT, taskQueue: TaskQueue.campaigns }, 'api service started');

  stopOnSignals(log, [
    () => started.worker.shutdown(),
    () => started.done,
    () => app.close(),
    () => started.connection.close(),
    () => temporal.connection.close(),
  ]);
}

main().catch((err) => {
  log.fatal({ err: String(err?.stack ?? err) }, 'api service failed to start');
  process.exit(1);
});

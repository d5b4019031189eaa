import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { DynamicModule, INestApplicationContext, Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Worker } from '@temporalio/worker';
import type { Registry } from 'prom-client';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { migrateServiceSchema } from '../../database/src/index.js';
import { ApiExceptionFilter } from '../../http-api/src/index.js';
import type { Logger } from '../../logging/src/index.js';
import { READINESS_CHECKS, createMetricsRegistry, type ReadinessCheck } from '../../observability/src/index.js';
import { listen, startActivityWorker, stopOnSignals } from './boot.js';

export interface StageServiceOptions {
  name: string;
  schema: string;
  log: Logger;
  databaseUrl: string;
  /** The service's data source options (its schema, entities and migrations). */
  dataSource: (applicationName: string) => DataSourceOptions;
  module: (metrics: Registry, workerState: () => string) => DynamicModule;
  statusByCode: Record<string, number>;
  temporal: { address: string; namespace: string; taskQueue: string };
  activities: (app: INestApplicationContext) => object;
  http: { port: number; host: string };
  /** After the app is up, before the worker starts: seeding, resuming work. */
  onReady?: (app: INestApplicationContext) => Promise<void>;
}

/**
 * How a judging stage service starts: its own schema's migrations, its Nest app (internal routes, health,
 * metrics), its activity worker on its own task queue, and an ordered stop on signals.
 */
export async function bootStageService(o: StageServiceOptions): Promise<void> {
  const applied = await migrateServiceSchema({ ...o.dataSource(`${o.name}-migrate`), url: o.databaseUrl, schema: o.schema });
  if (applied.length) o.log.info({ applied }, 'migrations applied');

  let worker: Worker | undefined;
  const metrics = createMetricsRegistry(o.name);
  const app = await NestFactory.create<NestExpressApplication>(o.module(metrics, () => worker?.getState() ?? 'STARTING'), {
    logger: ['error', 'warn'],
    bodyParser: false,
  });
  // JSON for pages of up to 10,000 ids; YAML text for rule sets written by hand.
  app.useBodyParser('json', { limit: '1mb' });
  app.useBodyParser('text', { limit: '256kb', type: ['text/yaml', 'application/yaml', 'application/x-yaml', 'text/plain'] });
  app.useGlobalFilters(new ApiExceptionFilter(o.statusByCode, o.log));
  app.enableShutdownHooks();
  await app.init();
  await o.onReady?.(app);

  const started = await startActivityWorker({ log: o.log, ...o.temporal, activities: o.activities(app) });
  worker = started.worker;
  await listen(app, o.http.port, o.http.host, o.log, o.name);
  o.log.info({ port: o.http.port, taskQueue: o.temporal.taskQueue }, `${o.name} service started`);

  stopOnSignals(o.log, [() => started.worker.shutdown(), () => started.done, () => app.close(), () => started.connection.close()]);
}

/** Ready when the service's database answers and its activity worker runs: the same two checks on every stage. */
export function stageReadinessProvider(workerState: () => string): Provider {
  return {
    provide: READINESS_CHECKS,
    inject: [getDataSourceToken()],
    useFactory: (db: DataSource): ReadinessCheck[] => [
      async () => ({ name: 'database', ok: (await db.query('SELECT 1 AS ok'))[0].ok === 1 }),
      async () => ({ name: 'temporal-worker', ok: workerState() === 'RUNNING', detail: workerState() }),
    ],
  };
}

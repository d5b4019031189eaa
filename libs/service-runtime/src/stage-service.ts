import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { DynamicModule, INestApplicationContext, Provider, Type } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Worker } from '@temporalio/worker';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { TaskQueue } from '#libs/contracts';
import { migrateServiceSchema, serviceDataSourceOptions, type ServiceDatabaseOptions } from '#libs/database';
import { ApiExceptionFilter, guardedJsonOptions, RequestValuesPipe } from '#libs/http-api';
import { createLogger, type Logger } from '#libs/logging';
import { HealthController, METRICS_REGISTRY, READINESS_CHECKS, createMetricsRegistry, type ReadinessCheck } from '#libs/observability';
import { RULE_SET_STORE, ruleSetController, ruleSetStatusByCode, type RuleSetStore } from '#libs/rule-set-store';
import { configOrExit, listen, startActivityWorker, stopOnSignals } from './boot.js';
import { guardService } from './service-guard.js';
import { ruleSetStoreProvider, type StageRuleSets } from './stage-rule-sets.js';

/**
 * A stage: its service (which names its schema and its logs) and the task queue its activities run on. A service
 * without activities (engagement: it only signals workflows) has no task queue.
 */
export interface StageDefinition {
  name: string;
  taskQueue?: TaskQueue;
}

/** The settings every stage service reads. */
export interface StageServiceConfig {
  DATABASE_URL: string;
  TEMPORAL_ADDRESS: string;
  TEMPORAL_NAMESPACE: string;
  LOG_LEVEL: string;
  /** Required by the internal routes (and sent on calls to other services); unset only in development. */
  INTERNAL_API_TOKEN?: string;
}

/** What the kit gives a stage's root module to build its own providers from. */
export interface StageServiceContext<C> {
  config: C;
  log: Logger;
  metrics: Registry;
}

/** A stage's root module class, with what it holds besides what every stage has (health, readiness, rule sets). */
export interface StageRootModule<C> extends Type<unknown> {
  controllers: Array<Type<unknown>>;
  providers(ctx: StageServiceContext<C>): Provider[];
}

export interface StageServiceOptions<C extends StageServiceConfig, R> {
  stage: StageDefinition;
  /** Reads and validates the service's config; bad config exits listing every bad key. */
  config: () => C;
  http: (config: C) => { port: number; host: string };
  /** The service's tables in its own schema. */
  tables: Pick<ServiceDatabaseOptions, 'entities' | 'migrations'>;
  module: StageRootModule<C>;
  /** HTTP statuses of the service's error codes; the rule-set codes are added. */
  statusByCode: Record<string, number>;
  /** Omitted by a service without rule sets (nurture): no rule-set routes, store or demo seed. */
  ruleSets?: StageRuleSets<R>;
  /** Required with a task queue; a service without one runs no worker and is ready when its database answers. */
  activities?: (app: INestApplicationContext) => object;
  /** Exact paths authenticated by their own handler instead of the internal token (see guardService). */
  ownCredentialPaths?: readonly string[];
  /** Body parsers for particular routes (a raw body for a signature check), installed before the shared JSON one. */
  routeBodyParsers?: (app: NestExpressApplication) => void;
}

/** The demo campaign the launcher creates: its stages work out of the box. */
const DEMO_CAMPAIGN_ID = 'demo';

/**
 * Starts a stage service: its schema's migrations, its Nest app (internal routes, rule sets, health, metrics),
 * its activity worker on the stage's task queue, and an ordered stop on signals. Exits if any of it fails.
 */
export function bootStageService<C extends StageServiceConfig, R>(o: StageServiceOptions<C, R>): void {
  const config = configOrExit(o.config);
  const log = createLogger(o.stage.name, config.LOG_LEVEL);
  start(o, config, log).catch((err) => {
    log.fatal({ err: String(err?.stack ?? err) }, `${o.stage.name} service failed to start`);
    process.exit(1);
  });
}

async function start<C extends StageServiceConfig, R>(o: StageServiceOptions<C, R>, config: C, log: Logger): Promise<void> {
  const { name, taskQueue } = o.stage;
  const dataSource = (applicationName: string) => serviceDataSourceOptions({ url: config.DATABASE_URL, schema: name, ...o.tables, applicationName });
  const applied = await migrateServiceSchema({ ...dataSource(`${name}-migrate`), url: config.DATABASE_URL, schema: name });
  if (applied.length) log.info({ applied }, 'migrations applied');

  let worker: Worker | undefined;
  const metrics = createMetricsRegistry(name);
  const module: DynamicModule = {
    module: o.module,
    imports: [TypeOrmModule.forRoot(dataSource(name))],
    controllers: [...(o.ruleSets ? [ruleSetController()] : []), ...o.module.controllers, HealthController],
    providers: [
      { provide: METRICS_REGISTRY, useValue: metrics },
      o.activities ? stageReadinessProvider(() => worker?.getState() ?? 'STARTING') : databaseReadinessProvider(),
      ...(o.ruleSets ? [ruleSetStoreProvider(name, o.ruleSets)] : []),
      ...o.module.providers({ config, log, metrics }),
    ],
  };
  const app = await NestFactory.create<NestExpressApplication>(module, { logger: ['error', 'warn'], bodyParser: false });
  const http = o.http(config);
  // Before the body parsers: headers, the Host allowlist and the internal token are checked first.
  guardService(app, { name, port: http.port, host: http.host, config: config as unknown as Record<string, unknown>, prefix: name.toUpperCase(), log, internalOnly: true, ownCredentialPaths: o.ownCredentialPaths });
  o.routeBodyParsers?.(app);
  // JSON for pages of up to 10,000 ids; YAML text for rule sets written by hand.
  app.useBodyParser('json', guardedJsonOptions('1mb'));
  app.useBodyParser('text', { limit: '256kb', type: ['text/yaml', 'application/yaml', 'application/x-yaml', 'text/plain'] });
  app.useGlobalFilters(new ApiExceptionFilter({ ...ruleSetStatusByCode, ...o.statusByCode }, log));
  // Ids and text in paths and queries are checked before any handler can hand them to SQL.
  app.useGlobalPipes(new RequestValuesPipe());
  app.enableShutdownHooks();
  await app.init();
  // The demo campaign judges out of the box; a no-op once it has any rule set.
  if (o.ruleSets) await app.get<RuleSetStore<R>>(RULE_SET_STORE).seed(DEMO_CAMPAIGN_ID, o.ruleSets.starter, 'demo seed');

  if (!o.activities || !taskQueue) {
    await listen(app, http.port, http.host, log, name);
    log.info({ port: http.port }, `${name} service started`);
    stopOnSignals(log, [() => app.close()]);
    return;
  }
  const started = await startActivityWorker({ log, address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, taskQueue, activities: o.activities(app) });
  worker = started.worker;
  await listen(app, http.port, http.host, log, name);
  log.info({ port: http.port, taskQueue }, `${name} service started`);

  stopOnSignals(log, [() => started.worker.shutdown(), () => started.done, () => app.close(), () => started.connection.close()]);
}

/** Ready when the database answers: a service that must take webhooks while Temporal is down asks no more. */
export function databaseReadinessProvider(): Provider {
  return {
    provide: READINESS_CHECKS,
    inject: [getDataSourceToken()],
    useFactory: (db: DataSource): ReadinessCheck[] => [async () => ({ name: 'database', ok: (await db.query('SELECT 1 AS ok'))[0].ok === 1 })],
  };
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

import { NativeConnection, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import type { INestApplication } from '@nestjs/common';
import { ConfigError } from '#libs/config';
import type { Logger } from '#libs/logging';
import type { Duration, Logger as TemporalLogger } from '@temporalio/common';

/** Read config or exit with the list of bad keys: a service with bad config must not half-start. */
export function configOrExit<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}

const rank: Record<string, number> = { TRACE: 10, DEBUG: 20, INFO: 30, WARN: 40, ERROR: 50 };
// Expected on workers that host only activities or only workflows; not worth an operator's attention.
const noise = /^No (workflows|activities|Nexus services) registered/;

/**
 * Temporal SDK logs into our JSON log: workflow `log` calls at info and up (they carry workflowId and runId),
 * the SDK's own chatter only from warnings up.
 */
export function temporalLogger(log: Logger): TemporalLogger {
  const emit = (level: string, message: string, meta?: Record<string, unknown>) => {
    const fromWorkflow = meta?.sdkComponent === 'workflow' || meta?.sdkComponent === 'activity';
    if (rank[level] < (fromWorkflow ? rank.INFO : rank.WARN) || noise.test(message)) return;
    const method = level === 'ERROR' ? 'error' : level === 'WARN' ? 'warn' : level === 'INFO' ? 'info' : 'debug';
    log[method]({ ...meta }, message);
  };
  return {
    log: (level, message, meta) => emit(level, message, meta),
    trace: (m, meta) => emit('TRACE', m, meta),
    debug: (m, meta) => emit('DEBUG', m, meta),
    info: (m, meta) => emit('INFO', m, meta),
    warn: (m, meta) => emit('WARN', m, meta),
    error: (m, meta) => emit('ERROR', m, meta),
  };
}

let runtimeInstalled = false;
export function installTemporalRuntime(log: Logger) {
  if (runtimeInstalled) return;
  Runtime.install({
    logger: temporalLogger(log),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
  runtimeInstalled = true;
}

export interface ActivityWorkerOptions {
  log: Logger;
  address: string;
  namespace: string;
  taskQueue: string;
  activities: object;
  maxConcurrentActivityTaskExecutions?: number;
  /** On shutdown, running activities get this long to finish before they are cancelled. */
  shutdownGraceTime?: Duration;
}

/** A worker that hosts only this service's activities on its own task queue. */
export async function startActivityWorker(o: ActivityWorkerOptions): Promise<{ worker: Worker; done: Promise<void>; connection: NativeConnection }> {
  installTemporalRuntime(o.log);
  const connection = await NativeConnection.connect({ address: o.address });
  const worker = await Worker.create({
    connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    activities: o.activities,
    maxConcurrentActivityTaskExecutions: o.maxConcurrentActivityTaskExecutions ?? 4,
    shutdownGraceTime: o.shutdownGraceTime ?? '30s',
  });
  const done = worker.run();
  return { worker, done, connection };
}

/** Stop order on SIGINT/SIGTERM: stop taking tasks, let running activities finish, then close HTTP and the DB. */
export function stopOnSignals(log: Logger, steps: Array<() => Promise<unknown> | unknown>) {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    for (const step of steps) {
      try {
        await step();
      } catch (err) {
        log.warn({ err: String(err) }, 'error while stopping');
      }
    }
    log.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  // Started by the launcher with an IPC channel: if the launcher dies, do not linger as an orphan.
  if (process.send) process.once('disconnect', () => void stop('launcher gone'));
}

export async function listen(app: INestApplication, port: number, host: string, log: Logger, component: string) {
  try {
    await app.listen(port, host);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      log.fatal(`${component}: port ${port} on ${host} is already in use; set a different port or stop the other process`);
      process.exit(1);
    }
    throw err;
  }
}

import { NativeConnection, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import type { INestApplication } from '@nestjs/common';
import { ConfigError } from '../../config/src/index.js';
import type { Logger } from '../../logging/src/index.js';

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

let runtimeInstalled = false;
export function installTemporalRuntime() {
  if (runtimeInstalled) return;
  Runtime.install({ telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } } });
  runtimeInstalled = true;
}

export interface ActivityWorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  activities: object;
  maxConcurrentActivityTaskExecutions?: number;
}

/** A worker that hosts only this service's activities on its own task queue. */
export async function startActivityWorker(o: ActivityWorkerOptions): Promise<{ worker: Worker; done: Promise<void>; connection: NativeConnection }> {
  installTemporalRuntime();
  const connection = await NativeConnection.connect({ address: o.address });
  const worker = await Worker.create({
    connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    activities: o.activities,
    maxConcurrentActivityTaskExecutions: o.maxConcurrentActivityTaskExecutions ?? 4,
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

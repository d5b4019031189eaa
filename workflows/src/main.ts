import { NativeConnection, Worker } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { TaskQueue } from '#libs/contracts';
import { env, readConfig } from '#libs/config';
import { createLogger } from '#libs/logging';
import { createMetricsRegistry, startHealthServer } from '#libs/observability';
import { configOrExit, installTemporalRuntime } from '#libs/service-runtime';
import { createNurtureCalendarActivities } from './activities/nurture-calendar.activities.js';

const config = configOrExit(() =>
  readConfig(
    'workflow-worker',
    z.object({
      TEMPORAL_ADDRESS: env.hostPort('127.0.0.1:7233'),
      TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
      WORKER_HEALTH_PORT: env.port(3099),
      /** 0.0.0.0 in a container, so the kubelet and Prometheus can reach /health and /metrics. */
      WORKER_HEALTH_HOST: z.string().min(1).default('127.0.0.1'),
      LOG_LEVEL: env.logLevel(),
    }),
  ),
);

const log = createLogger('workflow-worker', config.LOG_LEVEL);
installTemporalRuntime(log);

// Built once by `npm run build` (workflows/build-workflow-bundle.mjs), beside dist/workflows/src/.
const workflowBundlePath = fileURLToPath(new URL('../workflow-bundle.js', import.meta.url));

/** The workflow worker: runs workflow code and the send calendar's local activity; other activities live in the services. */
async function main() {
  if (!existsSync(workflowBundlePath)) {
    log.fatal({ workflowBundlePath }, 'no workflow bundle: run `npm run build`, which bundles the workflows before compiling');
    process.exit(1);
  }
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: TaskQueue.workflows,
    workflowBundle: { codePath: workflowBundlePath },
    // Local activities only: the send calendar runs beside the nurture workflows that ask it.
    activities: createNurtureCalendarActivities(),
  });
  const registry = createMetricsRegistry('workflow-worker');
  const health = await startHealthServer(config.WORKER_HEALTH_PORT, config.WORKER_HEALTH_HOST, registry, [
    async () => ({ name: 'temporal-worker', ok: worker.getState() === 'RUNNING', detail: worker.getState() }),
  ]);
  // The SDK already drains the worker on SIGINT and SIGTERM (its Runtime's shutdownSignals). Ctrl-C reaches the
  // launcher too, which then sends its own SIGTERM, and its IPC channel closes: whichever comes after the first
  // finds the worker no longer running and must not call shutdown again (it throws IllegalStateError).
  const stop = () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  // `on`, not `once`: a second signal while draining is ignored instead of killing the process mid-drain.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stop);
  // Started by the launcher with an IPC channel: if the launcher dies, do not linger as an orphan.
  if (process.send) process.once('disconnect', stop);
  log.info({ taskQueue: TaskQueue.workflows, address: config.TEMPORAL_ADDRESS }, 'workflow worker started');
  await worker.run();
  health.close();
  await connection.close();
  log.info('workflow worker stopped');
  // The launcher's IPC channel would keep the process alive after a clean stop.
  process.exit(0);
}

main().catch((err) => {
  log.fatal({ err: String(err?.stack ?? err) }, 'workflow worker failed');
  process.exit(1);
});

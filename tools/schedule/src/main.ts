import { z } from 'zod';
import { env, readConfig, readPipelineConfig } from '#libs/config';
import { createLogger } from '#libs/logging';
import { configOrExit } from '#libs/service-runtime';
import { connectTemporal, ensureSearchAttributes, upsertDailyPipelineSchedule } from '#libs/temporal';

/**
 * One-shot: register the workflows' search attributes and create or update the daily-pipeline schedule from the
 * PIPELINE_* settings. `npm start` does this itself; on a cluster it runs as a Job after each config change.
 */
const cfg = configOrExit(() => ({
  ...readConfig('schedule', z.object({ TEMPORAL_ADDRESS: env.hostPort('127.0.0.1:7233'), TEMPORAL_NAMESPACE: z.string().min(1).default('default') })),
  pipeline: readPipelineConfig('schedule'),
}));
const log = createLogger('schedule');

try {
  const { connection, client } = await connectTemporal({ address: cfg.TEMPORAL_ADDRESS, namespace: cfg.TEMPORAL_NAMESPACE });
  const added = await ensureSearchAttributes(connection, cfg.TEMPORAL_NAMESPACE);
  const outcome = await upsertDailyPipelineSchedule(client, cfg.pipeline);
  log.info({ searchAttributesAdded: added, schedule: outcome, timeZone: cfg.pipeline.PIPELINE_TIME_ZONE }, 'daily-pipeline schedule in place');
  await connection.close();
} catch (err) {
  log.fatal({ err: String(err) }, 'could not upsert the schedule');
  process.exit(1);
}

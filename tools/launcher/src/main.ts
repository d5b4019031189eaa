import { resolve } from 'node:path';
import { z } from 'zod';
import { env, readConfig, ConfigError, readPipelineConfig } from '#libs/config';
import { createDemoCampaign, DEMO_CAMPAIGN, stageDemoFile } from './demo-seed.js';
import { launcherLog } from './console-log.js';
import { repoRoot } from './paths.js';
import { ComponentStartError } from './ports.js';
import { startStack, type RunningStack } from './stack.js';

const launcherEnv = z.object({
  AICMO_DATA_DIR: z.string().min(1).default('.data'),
  POSTGRES_PORT: env.port(5433),
  TEMPORAL_PORT: env.port(7233),
  TEMPORAL_UI_PORT: env.port(8233),
  SENDGRID_SANDBOX_PORT: env.port(3090),
  API_PORT: env.port(3000),
  HARVEST_PORT: env.port(3010),
  SCORING_PORT: env.port(3020),
  QUALIFICATION_PORT: env.port(3030),
  ROUTING_PORT: env.port(3040),
  NURTURE_PORT: env.port(3050),
  ENGAGEMENT_PORT: env.port(3060),
  WORKER_HEALTH_PORT: env.port(3099),
  DATABASE_URL: env.postgresUrl().optional(),
  TEMPORAL_ADDRESS: env.hostPort('127.0.0.1:7233').optional(),
  SEED_DEMO: env.bool(true),
  LAUNCHER_VERBOSE: env.bool(false),
});

/** `npm start`: the whole engine on one machine, on embedded defaults unless told otherwise. */
async function main() {
  let cfg: z.infer<typeof launcherEnv>;
  try {
    cfg = readConfig('launcher', launcherEnv);
    readPipelineConfig('launcher');
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const root = repoRoot();
  const dataDir = resolve(root, cfg.AICMO_DATA_DIR);
  const { log, close, silence } = launcherLog(resolve(dataDir, 'logs'), cfg.LAUNCHER_VERBOSE);
  const dropDir = process.env.HARVEST_DROP_DIR ?? resolve(dataDir, 'drop');
  const stagedDemo = cfg.SEED_DEMO ? await stageDemoFile(root, dataDir, dropDir) : false;

  let stack: RunningStack | undefined;
  let stopping = false;
  const shutdown = async (why: string, code: number) => {
    if (stopping) return;
    stopping = true;
    silence('temporal');
    log('launcher', `${why}: stopping everything…`);
    await stack?.stop();
    log('launcher', 'all stopped');
    await close();
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown('Ctrl-C', 0));
  process.once('SIGTERM', () => void shutdown('SIGTERM', 0));

  try {
    stack = await startStack({
      dataDir,
      ports: {
        postgres: cfg.POSTGRES_PORT,
        temporal: cfg.TEMPORAL_PORT,
        temporalUi: cfg.TEMPORAL_UI_PORT,
        sendgrid: cfg.SENDGRID_SANDBOX_PORT,
        api: cfg.API_PORT,
        harvest: cfg.HARVEST_PORT,
        scoring: cfg.SCORING_PORT,
        qualification: cfg.QUALIFICATION_PORT,
        routing: cfg.ROUTING_PORT,
        nurture: cfg.NURTURE_PORT,
        engagement: cfg.ENGAGEMENT_PORT,
        workerHealth: cfg.WORKER_HEALTH_PORT,
      },
      persistentTemporal: true,
      env: { ...process.env, HARVEST_DROP_DIR: dropDir },
      log,
      // A crashed service is restarted with backoff while the rest keeps running; only a clean exit nobody
      // asked for (which no restart would change) stops everything.
      onUnexpectedExit: (name, code, restartInMs) => {
        const logFile = resolve(dataDir, 'logs', name + '.log');
        if (restartInMs === null) void shutdown(`${name} exited unexpectedly (code ${code}); see ${logFile}`, 1);
        else log('launcher', `${name} exited unexpectedly (code ${code}); restarting it in ${Math.round(restartInMs / 1000)} s; see ${logFile}`);
      },
    });
  } catch (err) {
    const message = err instanceof ComponentStartError ? err.message : `startup failed: ${(err as Error).stack ?? err}`;
    console.error(`\n✖ ${message}\n`);
    await close();
    process.exit(1);
  }

  if (cfg.SEED_DEMO) {
    const outcome = await createDemoCampaign(stack.urls.api, stack.apiKey.key, dataDir, readPipelineConfig('launcher').PIPELINE_TIME_ZONE);
    if (outcome === 'created') log('launcher', `demo campaign "${DEMO_CAMPAIGN}" created${stagedDemo ? '; its sample CSV waits in the drop folder for the first run' : ''}`);
  }

  const u = stack.urls;
  const keyFile = resolve(dataDir, 'dev-api-key');
  const lines = [
    '',
    'AICMO CAM is running. Ctrl-C stops everything.',
    '',
    `  API docs (Swagger)   ${u.docs}   (Authorize with the API key)`,
    `  API key (admin)      ${stack.apiKey.key}${stack.apiKey.created ? '   (new; ' : '   ('}kept in ${keyFile}; npm run keys -- create for more)`,
    `  Temporal Web UI      ${u.temporalUi ?? '(external cluster: ' + stack.temporalAddress + ')'}`,
    `  Sent mail            ${u.sendgrid ? u.sendgrid + '/' : '(real SendGrid: SENDGRID_API_KEY is set)'}`,
    `  PostgreSQL           ${stack.databaseUrl.replace(/:[^:@/]+@/, ':***@')}`,
    `  Drop folder          ${stack.dropDir}/<campaign>/`,
    '',
    'Try:',
    `  export AICMO_API_KEY=$(cat ${keyFile})`,
    `  curl -X POST ${u.api}/pipeline/runs -H "x-api-key: $AICMO_API_KEY" -H 'content-type: application/json' -d '{}'   # run the pipeline now`,
    `  curl -H "x-api-key: $AICMO_API_KEY" ${u.api}/pipeline/runs                                                        # run history`,
    `  curl -H "x-api-key: $AICMO_API_KEY" '${u.api}/leads?campaignId=${DEMO_CAMPAIGN}&limit=5'                          # leads with provenance`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

void main();

import { join } from 'node:path';
import { launcherLog } from '../../../tools/launcher/src/console-log.js';
import { freeStackPorts } from '../../../tools/launcher/src/ports.js';
import { startStack, type RunningStack } from '../../../tools/launcher/src/stack.js';

export interface BenchStack {
  stack: RunningStack;
  logDir: string;
  stop(): Promise<void>;
}

/**
 * The real stack as `npm start` runs it (embedded PostgreSQL, Temporal dev server in memory, the SendGrid sandbox
 * and every service its own process), on free ports, logging to <dataDir>/logs/<component>.log.
 */
export async function startBenchStack(dataDir: string, verbose: boolean): Promise<BenchStack> {
  const logDir = join(dataDir, 'logs');
  const logs = launcherLog(logDir, verbose);
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  // Everything embedded, whatever the shell has set.
  delete env.DATABASE_URL;
  delete env.TEMPORAL_ADDRESS;
  delete env.SENDGRID_API_KEY;
  delete env.SENDGRID_WEBHOOK_PUBLIC_KEY;
  delete env.INBOUND_PARSE_SECRET;
  const stack = await startStack({
    dataDir,
    ports: await freeStackPorts(),
    persistentTemporal: false,
    env,
    log: verbose ? logs.log : logs.logFileOnly,
  }).catch(async (err: Error) => {
    await logs.close();
    throw new Error(`${err.message}\n(component logs: ${logDir})`);
  });
  return {
    stack,
    logDir,
    stop: async () => {
      logs.silence('temporal');
      await stack.stop();
      await logs.close();
    },
  };
}

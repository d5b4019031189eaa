import { join } from 'node:path';
import { launcherLog } from '../../../tools/launcher/src/console-log.js';
import { freeStackPorts } from '../../../tools/launcher/src/ports.js';
import { startStack, type RunningStack } from '../../../tools/launcher/src/stack.js';

export interface BenchStack {
  stack: RunningStack;
  logDir: string;
  /** Rejects when a service exits on its own: the run cannot finish then, so the measurement stops waiting. */
  died: Promise<never>;
  stop(): Promise<void>;
}

/**
 * The real stack, started by the launcher code `npm start` and the integration tests use: embedded PostgreSQL,
 * the Temporal dev server (in memory), the SendGrid sandbox and every service as its own process, on free ports.
 * Qualification asks our DNS server when one is given. Every component logs to <dataDir>/logs/<component>.log.
 */
export async function startBenchStack(o: { dataDir: string; dnsServer?: string; verbose: boolean; logLevel?: string }): Promise<BenchStack> {
  const logDir = join(o.dataDir, 'logs');
  const logs = launcherLog(logDir, o.verbose);
  let fail: (err: Error) => void = () => undefined;
  const died = new Promise<never>((_, reject) => (fail = reject));
  died.catch(() => undefined); // observed by whoever races it; never an unhandled rejection
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? o.logLevel ?? 'info' };
  if (o.dnsServer) env.QUALIFY_DNS_SERVERS = o.dnsServer;
  // Everything embedded, whatever the shell has set (the launcher makes the webhook keys for its data dir).
  delete env.DATABASE_URL;
  delete env.TEMPORAL_ADDRESS;
  delete env.SENDGRID_API_KEY;
  delete env.SENDGRID_WEBHOOK_PUBLIC_KEY;
  delete env.INBOUND_PARSE_SECRET;
  const stack = await startStack({
    dataDir: o.dataDir,
    ports: await freeStackPorts(),
    persistentTemporal: false,
    env,
    log: o.verbose ? logs.log : logs.logFileOnly,
    onUnexpectedExit: (component, code) => fail(new Error(`${component} exited unexpectedly with code ${code}; see ${join(logDir, `${component}.log`)}`)),
  }).catch(async (err: Error) => {
    await logs.close();
    throw new Error(`${err.message}\n(component logs: ${logDir})`);
  });
  return {
    stack,
    logDir,
    died,
    stop: async () => {
      // Temporal complains about every closed connection while the services stop.
      logs.silence('temporal');
      await stack.stop();
      await logs.close();
    },
  };
}

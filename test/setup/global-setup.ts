import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launcherLog } from '../../tools/launcher/src/console-log.js';
import { freePort } from '../../tools/launcher/src/ports.js';
import { startStack, type RunningStack } from '../../tools/launcher/src/stack.js';
import type { TestStack } from './test-stack.js';

export interface SetupState {
  stack: RunningStack;
  closeLogs: () => Promise<unknown>;
}

/**
 * Integration specs run against the real parts, started by the same launcher code as `npm start`: embedded
 * PostgreSQL, the Temporal dev server (in memory), the SendGrid sandbox and each service as its own process.
 * Their output goes to <dataDir>/logs, printed on failure.
 */
export default async function globalSetup(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'aicmo-it-'));
  const files = launcherLog(join(dataDir, 'logs'), false);
  const toFile = (component: string, line: string) => files.logFileOnly(component, line);
  const peopleSearchPort = await freePort();
  // Waiting before the service starts, so only the pipeline's sweep can pick it up (as with the demo sample).
  await mkdir(join(dataDir, 'drop', 'it-sweep'), { recursive: true });
  await writeFile(join(dataDir, 'drop', 'it-sweep', 'seed.csv'), 'email,first name\na@sweep.example,A\nb@sweep.example,B\nnot-an-email,X\nC@Sweep.example,C\n');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PEOPLE_SEARCH_BASE_URL: `http://127.0.0.1:${peopleSearchPort}`,
    PEOPLE_SEARCH_API_KEY: 'it-key',
    SOURCE_MAX_ATTEMPTS: '2',
    HARVEST_IMPORT_BATCH_ROWS: '50',
    LOG_LEVEL: 'info',
  };
  delete env.DATABASE_URL;
  delete env.TEMPORAL_ADDRESS;
  delete env.SENDGRID_API_KEY;
  let stack: RunningStack;
  try {
    stack = await startStack({
      dataDir,
      ports: {
        postgres: await freePort(),
        temporal: await freePort(),
        temporalUi: null,
        sendgrid: await freePort(),
        api: await freePort(),
        harvest: await freePort(),
        workerHealth: await freePort(),
      },
      persistentTemporal: false,
      env,
      log: toFile,
    });
  } catch (err) {
    console.error(`integration stack failed to start; logs in ${join(dataDir, 'logs')}`);
    throw err;
  }
  const info: TestStack = {
    dataDir,
    databaseUrl: stack.databaseUrl,
    temporalAddress: stack.temporalAddress,
    namespace: stack.namespace,
    apiUrl: stack.urls.api,
    harvestUrl: stack.urls.harvest,
    sendgridUrl: stack.urls.sendgrid!,
    dropDir: stack.dropDir,
    peopleSearchPort,
  };
  process.env.AICMO_TEST_STACK = JSON.stringify(info);
  const state: SetupState = { stack, closeLogs: files.close };
  (globalThis as Record<string, unknown>).__AICMO_SETUP__ = state;
}

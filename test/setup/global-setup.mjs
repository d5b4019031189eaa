// Plain ESM on purpose: Jest loads global setup outside its module system, so this imports the compiled launcher
// from dist/ (`npm test` builds first) rather than TypeScript sources.
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dist = new URL('../../dist/tools/launcher/src/', import.meta.url);

/**
 * Integration specs run against the real parts, started by the same launcher code as `npm start`: embedded
 * PostgreSQL, the Temporal dev server (in memory), the SendGrid sandbox and each service as its own process.
 * Their output goes to <dataDir>/logs.
 */
export default async function globalSetup() {
  const { launcherLog } = await import(new URL('console-log.js', dist).href);
  const { freePort, freeStackPorts } = await import(new URL('ports.js', dist).href);
  const { startStack } = await import(new URL('stack.js', dist).href);

  const dataDir = await mkdtemp(join(tmpdir(), 'aicmo-it-'));
  // mkdtemp folders are private; the embedded server runs as the postgres user when we are root.
  await chmod(dataDir, 0o755);
  const logs = launcherLog(join(dataDir, 'logs'), false);
  const peopleSearchPort = await freePort();
  // Waiting before the service starts, so only the pipeline's sweep can pick it up (as with the demo sample).
  await mkdir(join(dataDir, 'drop', 'it-sweep'), { recursive: true });
  await writeFile(join(dataDir, 'drop', 'it-sweep', 'seed.csv'), 'email,first name\na@sweep.example,A\nb@sweep.example,B\nnot-an-email,X\nC@Sweep.example,C\n');

  const env = {
    ...process.env,
    PEOPLE_SEARCH_BASE_URL: `http://127.0.0.1:${peopleSearchPort}`,
    PEOPLE_SEARCH_API_KEY: 'it-key',
    SOURCE_MAX_ATTEMPTS: '2',
    HARVEST_IMPORT_BATCH_ROWS: '50',
    LOG_LEVEL: 'info',
    // Schemathesis and the specs share one key; its rate limit is tested in libs/api-keys.
    API_KEY_RATE_PER_SECOND: '1000',
    API_KEY_RATE_BURST: '10000',
    // The form rate-limit spec speaks for several clients through X-Forwarded-For; the burst stays above what the
    // contract run posts to the forms from 127.0.0.1.
    API_TRUST_PROXY: 'loopback',
    API_FORM_RATE_BURST: '300',
    API_FORM_RATE_PER_MINUTE: '3000',
    // Sent mail carries links as production does (https); the specs post the token to the test API themselves.
    PUBLIC_API_URL: 'https://cam.it.example',
  };
  delete env.DATABASE_URL;
  delete env.TEMPORAL_ADDRESS;
  delete env.SENDGRID_API_KEY;

  const ports = await freeStackPorts();
  let stack;
  try {
    stack = await startStack({
      dataDir,
      ports,
      persistentTemporal: false,
      env,
      log: logs.logFileOnly,
    });
  } catch (err) {
    console.error(`\nthe integration stack failed to start; logs are in ${join(dataDir, 'logs')}\n`);
    throw err;
  }
  process.env.AICMO_TEST_STACK = JSON.stringify({
    dataDir,
    databaseUrl: stack.databaseUrl,
    temporalAddress: stack.temporalAddress,
    namespace: stack.namespace,
    apiUrl: stack.urls.api,
    harvestUrl: stack.urls.harvest,
    sendgridUrl: stack.urls.sendgrid,
    dropDir: stack.dropDir,
    peopleSearchPort,
    // The stack's development key (admin): api() in test-stack.ts sends it unless a spec says otherwise.
    apiKey: stack.apiKey.key,
    internalToken: stack.internalToken,
    unsubscribeSecret: stack.unsubscribeSecret,
    scoringUrl: `http://127.0.0.1:${ports.scoring}`,
    qualificationUrl: `http://127.0.0.1:${ports.qualification}`,
    routingUrl: `http://127.0.0.1:${ports.routing}`,
    nurtureUrl: `http://127.0.0.1:${ports.nurture}`,
    engagementUrl: stack.urls.engagement,
    // Made for this run (the data dir is new): specs sign webhook posts as the sandbox does.
    webhookPrivateKey: stack.engagementSecrets.webhookPrivateKey,
    webhookPublicKey: stack.engagementSecrets.webhookPublicKey,
    inboundParseSecret: stack.engagementSecrets.inboundParseSecret,
  });
  globalThis.__AICMO_SETUP__ = { stack, logs, dataDir };
}

import { z } from 'zod';
import { env, readConfig } from '#libs/config';
import { startSendgridSandbox } from './server.js';

// Standalone dev server: `node dist/tools/dev-fakes/sendgrid/src/main.js`.
const config = (() => {
  try {
    return readConfig('sendgrid-sandbox', z.object({ SENDGRID_SANDBOX_PORT: env.port(3090), SENDGRID_SANDBOX_HOST: z.string().min(1).default('127.0.0.1') }));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(78);
  }
})();
const sandbox = await startSendgridSandbox({ port: config.SENDGRID_SANDBOX_PORT, host: config.SENDGRID_SANDBOX_HOST });
console.log(JSON.stringify({ level: 'info', msg: 'sendgrid sandbox listening', url: sandbox.url, sentMailPage: `${sandbox.url}/` }));

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  await sandbox.close();
  console.log(JSON.stringify({ level: 'info', msg: 'sendgrid sandbox stopped', signal }));
  process.exit(0);
}
process.once('SIGINT', (s) => void stop(s));
process.once('SIGTERM', (s) => void stop(s));
// Started by the launcher with an IPC channel: if the launcher dies, do not linger as an orphan.
if (process.send) process.once('disconnect', () => void stop('SIGTERM'));

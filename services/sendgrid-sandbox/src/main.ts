import { z } from 'zod';
import { env, readConfig } from '../../../libs/config/src/index.js';
import { startSendgridSandbox } from './server.js';

// Standalone dev server: `node dist/services/sendgrid-sandbox/src/main.js`.
const config = readConfig('sendgrid-sandbox', z.object({ SENDGRID_SANDBOX_PORT: env.port(3090) }));
const sandbox = await startSendgridSandbox({ port: config.SENDGRID_SANDBOX_PORT });
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

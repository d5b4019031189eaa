import { z } from 'zod';
import { env, readConfig } from '#libs/config';
import { startSendgridSandbox } from './server.js';

// Standalone dev server: `node dist/tools/dev-fakes/sendgrid/src/main.js`.
const config = (() => {
  try {
    return readConfig(
      'sendgrid-sandbox',
      z.object({
        SENDGRID_SANDBOX_PORT: env.port(3090),
        SENDGRID_SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
        // The Email Activity API is a paid add-on at SendGrid: `forbidden` plays an account without it (403).
        SENDGRID_SANDBOX_ACTIVITY_API: z.enum(['enabled', 'forbidden']).default('enabled'),
        // SendGrid's activity lags behind Mail Send; a lag here exercises the sender's settle window.
        SENDGRID_SANDBOX_ACTIVITY_LAG_MS: z.coerce.number().int().min(0).max(86_400_000).default(0),
      }),
    );
  } catch (err) {
    console.error((err as Error).message);
    process.exit(78);
  }
})();
const sandbox = await startSendgridSandbox({
  port: config.SENDGRID_SANDBOX_PORT,
  host: config.SENDGRID_SANDBOX_HOST,
  activity: { access: config.SENDGRID_SANDBOX_ACTIVITY_API, lagMs: config.SENDGRID_SANDBOX_ACTIVITY_LAG_MS },
});
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

import { z } from 'zod';
import { env, readConfig } from '#libs/config';
import { startSendgridSandbox } from './server.js';
import { EVENT_WEBHOOK_RETRY, INBOUND_PARSE_RETRY } from './retry-policy.js';
import { WebhookSigner } from './events/signature.js';

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
        // Talking back (the launcher sets these): unset, nothing is posted and the page's buttons say why.
        SENDGRID_SANDBOX_EVENT_WEBHOOK_URL: env.url().optional(),
        SENDGRID_SANDBOX_WEBHOOK_PRIVATE_KEY: z.string().includes('PRIVATE KEY', { message: 'must be a PKCS#8 PEM private key' }).optional(),
        SENDGRID_SANDBOX_INBOUND_PARSE_URL: env.url().optional(),
        SENDGRID_SANDBOX_REPLY_DOMAIN: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain such as replies.example.com').optional(),
        // SendGrid delivers at least once: a small share of events comes twice so engagement's dedupe is seen at
        // work under `npm start`; none under test runners (NODE_ENV=test) unless set.
        SENDGRID_SANDBOX_WEBHOOK_DUPLICATE_RATE: z.coerce.number().min(0).max(1).default(process.env.NODE_ENV === 'test' ? 0 : 0.02),
        SENDGRID_SANDBOX_WEBHOOK_NEW_ID_RATE: z.coerce.number().min(0).max(1).default(process.env.NODE_ENV === 'test' ? 0 : 0.01),
        SENDGRID_SANDBOX_WEBHOOK_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(100),
        SENDGRID_SANDBOX_WEBHOOK_FLUSH_MS: z.coerce.number().int().min(0).max(3_600_000).default(1_000),
        SENDGRID_SANDBOX_DELIVERED_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(500),
        // SendGrid retries a failed Event Webhook post for 24 h and an Inbound Parse post for 3 days.
        SENDGRID_SANDBOX_WEBHOOK_RETRY_HOURS: z.coerce.number().gt(0).max(24 * 30).default(24),
        SENDGRID_SANDBOX_PARSE_RETRY_HOURS: z.coerce.number().gt(0).max(24 * 30).default(72),
      }),
    );
  } catch (err) {
    console.error((err as Error).message);
    process.exit(78);
  }
})();
// A key that is not an ECDSA P-256 private key is a configuration error, said before anything starts.
if (config.SENDGRID_SANDBOX_WEBHOOK_PRIVATE_KEY) {
  try {
    new WebhookSigner(config.SENDGRID_SANDBOX_WEBHOOK_PRIVATE_KEY);
  } catch (err) {
    console.error(`sendgrid-sandbox: SENDGRID_SANDBOX_WEBHOOK_PRIVATE_KEY: ${(err as Error).message}`);
    process.exit(78);
  }
}
const sandbox = await startSendgridSandbox({
  port: config.SENDGRID_SANDBOX_PORT,
  host: config.SENDGRID_SANDBOX_HOST,
  activity: { access: config.SENDGRID_SANDBOX_ACTIVITY_API, lagMs: config.SENDGRID_SANDBOX_ACTIVITY_LAG_MS },
  talkBack: {
    eventWebhookUrl: config.SENDGRID_SANDBOX_EVENT_WEBHOOK_URL,
    webhookPrivateKey: config.SENDGRID_SANDBOX_WEBHOOK_PRIVATE_KEY,
    inboundParseUrl: config.SENDGRID_SANDBOX_INBOUND_PARSE_URL,
    replyDomain: config.SENDGRID_SANDBOX_REPLY_DOMAIN,
    settings: {
      duplicateRate: config.SENDGRID_SANDBOX_WEBHOOK_DUPLICATE_RATE,
      newIdRate: config.SENDGRID_SANDBOX_WEBHOOK_NEW_ID_RATE,
      batchSize: config.SENDGRID_SANDBOX_WEBHOOK_BATCH_SIZE,
      flushMs: config.SENDGRID_SANDBOX_WEBHOOK_FLUSH_MS,
      deliveredDelayMs: config.SENDGRID_SANDBOX_DELIVERED_DELAY_MS,
    },
    eventRetry: { ...EVENT_WEBHOOK_RETRY, windowMs: config.SENDGRID_SANDBOX_WEBHOOK_RETRY_HOURS * 3600_000 },
    parseRetry: { ...INBOUND_PARSE_RETRY, windowMs: config.SENDGRID_SANDBOX_PARSE_RETRY_HOURS * 3600_000 },
  },
});
const { talkBack } = sandbox;
console.log(
  JSON.stringify({
    level: 'info',
    msg: 'sendgrid sandbox listening',
    url: sandbox.url,
    sentMailPage: `${sandbox.url}/`,
    // URLs without the parse secret; the reason when a part is off.
    eventWebhook: talkBack.events?.url ?? talkBack.eventsOff,
    inboundParse: talkBack.parse?.url ?? talkBack.parseOff,
    duplicateRate: talkBack.settings.duplicateRate,
  }),
);

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

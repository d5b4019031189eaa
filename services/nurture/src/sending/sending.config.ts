import { z } from 'zod';
import { env, readConfig } from '#libs/config';
import { isDevelopment } from '#libs/service-runtime';

/**
 * What the sender reads from the environment. Spread into the nurture service's config; the caps-race and chaos
 * runners read it on its own (they call StepSender without the service around it).
 */
export const sendingEnv = {
  /** Real SendGrid when set; unset in development and tests, where SENDGRID_BASE_URL names the sandbox. */
  SENDGRID_API_KEY: z.string().min(1).optional(),
  /** The sandbox's URL (the launcher passes it); ignored when SENDGRID_API_KEY is set. */
  SENDGRID_BASE_URL: env.url().default('http://127.0.0.1:3090'),
  /** A Mail Send request that has not answered by then is in doubt: its claim stays and the lookup decides. */
  NURTURE_SEND_TIMEOUT_MS: env.positiveInt(30_000),
  /** Email Activity lookups lag behind acceptance: a claim is only called not found after this long. */
  NURTURE_SEND_SETTLE_SECONDS: env.positiveInt(300),
  /** How often the sweeper re-asks the Email Activity API about `unknown` sends, and for how long after the claim. */
  NURTURE_UNKNOWN_SWEEP_SECONDS: env.positiveInt(60),
  NURTURE_UNKNOWN_SWEEP_HOURS: env.positiveInt(72),
  /** A step held by a paused mailbox is looked at again this often (a resume reaches it at the next look). */
  NURTURE_MAILBOX_PAUSE_RECHECK_SECONDS: env.positiveInt(3600),
  /** Replies come back to reply+<token>@ this domain (the inbound parse host). */
  NURTURE_REPLY_DOMAIN: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain such as reply.example.com').default('reply.aicmo.example'),
  /** Right-hand side of the Message-IDs we set. */
  NURTURE_MESSAGE_ID_DOMAIN: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain such as mail.example.com').default('mail.aicmo.example'),
  /** Where the one-click unsubscribe endpoint is reachable from a recipient's mail client (https outside development). */
  PUBLIC_API_URL: env.url().default('https://localhost:3000'),
  /** Signs unsubscribe tokens; the API verifies them with the same secret (the launcher makes one per data dir). */
  UNSUBSCRIBE_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Chaos tests only (see chaos-crash.ts); never set by npm start. */
  NURTURE_CHAOS_CRASH_POINTS: z.string().optional(),
};

/** Development signs with this when no secret is set; anywhere else a missing secret is a config error. */
export const DEVELOPMENT_UNSUBSCRIBE_SECRET = 'development-unsubscribe-secret';

/**
 * Add to a schema with `sendingEnv`: outside development a missing UNSUBSCRIBE_SECRET is a config error (a known
 * secret would let anyone forge unsubscribe links), listed with every other bad key.
 */
export const unsubscribeSecretRequired = z.superRefine<Record<string, unknown>>(
  (cfg, ctx) => {
    if (typeof cfg.UNSUBSCRIBE_SECRET === 'string' || isDevelopment(cfg)) return;
    ctx.addIssue({ code: 'custom', path: ['UNSUBSCRIBE_SECRET'], message: 'required outside development: the same secret on the API and nurture, e.g. `openssl rand -hex 32`' });
  },
  { when: () => true },
);

/** Standalone (the test runners): with the keys that say whether this is development. */
export const sendingEnvSchema = z.object({ ...sendingEnv, NODE_ENV: z.string().optional(), AICMO_ENV: z.string().optional() }).check(unsubscribeSecretRequired);
export type SendingConfig = z.infer<typeof sendingEnvSchema>;
export const SENDING_CONFIG = Symbol('SENDING_CONFIG');

export function readSendingConfig(source: NodeJS.ProcessEnv = process.env): SendingConfig {
  return readConfig('nurture-sending', sendingEnvSchema, source);
}

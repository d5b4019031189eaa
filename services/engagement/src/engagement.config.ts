import { z } from 'zod';
import { env, readConfig } from '#libs/config';
import { internalTokenRequired, isDevelopment, stageServiceEnv } from '#libs/service-runtime';
import { DEFAULT_MAILBOX_HEALTH, DEFAULT_OUT_OF_OFFICE_DAYS } from '#libs/contracts';

export const engagementEnvSchema = z
  .object({
    ...stageServiceEnv('ENGAGEMENT', 3060),
    /** Nurture resolves enrolments and reply tokens, suppresses opted-out addresses and pauses mailboxes. */
    NURTURE_URL: env.url().default('http://127.0.0.1:3050'),
    /** Scoring takes opens, clicks and replies and rescores the lead at once. */
    SCORING_URL: env.url().default('http://127.0.0.1:3020'),
    /** Routing's "a colleague at the same account replied" guardrail. */
    ROUTING_URL: env.url().default('http://127.0.0.1:3040'),
    /**
     * SendGrid's Event Webhook verification key (Settings → Mail Settings → Signed Event Webhook), base64 DER as
     * SendGrid shows it. Unset: the event webhook refuses every post (development gets it from the sandbox).
     */
    SENDGRID_WEBHOOK_PUBLIC_KEY: z.string().min(40, 'must be the base64 public key SendGrid shows').optional(),
    /** The Inbound Parse URL's basic-auth password (https://parse:<secret>@host/…). Unset: every parse post is refused. */
    INBOUND_PARSE_SECRET: z.string().min(16, 'must be at least 16 characters (e.g. `openssl rand -hex 32`)').optional(),
    /** Owner notices go out through SendGrid: the real API with a key, else the sandbox. */
    SENDGRID_API_KEY: z.string().min(1).optional(),
    SENDGRID_BASE_URL: env.url().default('http://127.0.0.1:3090'),
    /** From address of the owner's "your lead replied" notice. */
    ENGAGEMENT_NOTICE_FROM: z.string().email('must be an email address').default('cam-notices@mail.aicmo.example'),
    /** Right-hand side of the Message-IDs nurture sets: In-Reply-To/References on our domain are looked up. */
    NURTURE_MESSAGE_ID_DOMAIN: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain such as mail.example.com').default('mail.aicmo.example'),
    /** Sends wait this many days after an out-of-office reply that names no return date. */
    ENGAGEMENT_OOO_DEFAULT_DAYS: env.positiveInt(DEFAULT_OUT_OF_OFFICE_DAYS),
    /** An open or click this soon after delivery is a scanner's (unless SendGrid says otherwise). */
    ENGAGEMENT_SCANNER_SECONDS: env.positiveInt(10),
    /** Mailbox auto-pause: window, minimum deliveries, and the bounce and spam-report rates that pause it. */
    MAILBOX_HEALTH_WINDOW_DAYS: env.positiveInt(DEFAULT_MAILBOX_HEALTH.windowDays),
    MAILBOX_HEALTH_MIN_DELIVERIES: env.positiveInt(DEFAULT_MAILBOX_HEALTH.minDeliveries),
    MAILBOX_MAX_BOUNCE_RATE: z.coerce.number().gt(0).lt(1).default(DEFAULT_MAILBOX_HEALTH.maxBounceRate),
    MAILBOX_MAX_SPAM_RATE: z.coerce.number().gt(0).lt(1).default(DEFAULT_MAILBOX_HEALTH.maxSpamRate),
    /** The signaller: rows per drain batch, concurrent effects, idle poll (LISTEN/NOTIFY wakes it sooner). */
    SIGNALLER_BATCH: env.positiveInt(200),
    SIGNALLER_CONCURRENCY: env.positiveInt(16),
    SIGNALLER_POLL_MS: env.positiveInt(1_000),
    /** Retry back-off of a row whose effect failed (Temporal or a service down): doubles up to the cap. */
    SIGNALLER_RETRY_MAX_SECONDS: env.positiveInt(60),
  })
  .check(internalTokenRequired)
  .check(
    z.superRefine<Record<string, unknown>>(
      (cfg, ctx) => {
        if (isDevelopment(cfg)) return;
        for (const key of ['SENDGRID_WEBHOOK_PUBLIC_KEY', 'INBOUND_PARSE_SECRET'] as const) {
          if (typeof cfg[key] !== 'string') ctx.addIssue({ code: 'custom', path: [key], message: 'required outside development: without it the webhook refuses every post' });
        }
      },
      { when: () => true },
    ),
  );

export type EngagementConfig = z.infer<typeof engagementEnvSchema>;
export const ENGAGEMENT_CONFIG = Symbol('ENGAGEMENT_CONFIG');

export function readEngagementConfig(source: NodeJS.ProcessEnv = process.env): EngagementConfig {
  return readConfig('engagement', engagementEnvSchema, source);
}

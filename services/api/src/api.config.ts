import { z } from 'zod';
import { env, readConfig } from '#libs/config';
import { pipelineEnvSchema } from '#libs/config';
import { internalTokenRequired, isDevelopment, serviceGuardEnv } from '#libs/service-runtime';

/** The development default of UNSUBSCRIBE_SECRET (the launcher passes a secret of its own). */
export const DEVELOPMENT_UNSUBSCRIBE_SECRET = 'development-unsubscribe-secret';

/** Outside development a missing UNSUBSCRIBE_SECRET is a config error (the development default would let anyone forge links). */
const unsubscribeSecretRequired = z.superRefine<Record<string, unknown>>(
  (cfg, ctx) => {
    if (typeof cfg.UNSUBSCRIBE_SECRET === 'string' || isDevelopment(cfg)) return;
    ctx.addIssue({ code: 'custom', path: ['UNSUBSCRIBE_SECRET'], message: "required outside development (NODE_ENV=production or AICMO_ENV set): the nurture service's secret, e.g. `openssl rand -hex 32`" });
  },
  { when: () => true },
);

export const apiEnvSchema = pipelineEnvSchema.extend({
  DATABASE_URL: env.postgresUrl(),
  TEMPORAL_ADDRESS: env.hostPort('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  API_PORT: env.port(3000),
  API_HOST: z.string().default('127.0.0.1'),
  HARVEST_URL: env.url().default('http://127.0.0.1:3010'),
  SCORING_URL: env.url().default('http://127.0.0.1:3020'),
  QUALIFICATION_URL: env.url().default('http://127.0.0.1:3030'),
  ROUTING_URL: env.url().default('http://127.0.0.1:3040'),
  NURTURE_URL: env.url().default('http://127.0.0.1:3050'),
  /** Engagement: the lead's events and replies (journey, nurture view) and what was parked for a person. */
  ENGAGEMENT_URL: env.url().default('http://127.0.0.1:3060'),
  /** The Temporal Web UI, linked from run history so operators can open a run. */
  TEMPORAL_UI_URL: env.url().optional(),
  API_JSON_LIMIT: z.string().regex(/^\d+(kb|mb)$/, 'must be a size such as 256kb').default('256kb'),
  LOG_LEVEL: env.logLevel(),
  /** INTERNAL_API_TOKEN (sent on every call to a stage service) and API_ALLOWED_HOSTS. */
  ...serviceGuardEnv('API'),
  /** Public form posts per client address: a burst, then this many a minute (429 with Retry-After past it). */
  API_FORM_RATE_BURST: env.positiveInt(20),
  API_FORM_RATE_PER_MINUTE: env.positiveInt(60),
  /** Express "trust proxy": which proxies' X-Forwarded-For names the client (e.g. `loopback`, `10.0.0.0/8`, `1`); unset = none. */
  API_TRUST_PROXY: z.string().min(1).optional(),
  /** Verifies one-click unsubscribe tokens; the nurture service signs them with the same secret. Required outside development. */
  UNSUBSCRIBE_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
})
  .check(internalTokenRequired)
  .check(unsubscribeSecretRequired);
export type ApiConfig = z.infer<typeof apiEnvSchema>;

/** The secret unsubscribe tokens are verified with. */
export function unsubscribeSecretOf(config: Pick<ApiConfig, 'UNSUBSCRIBE_SECRET'>): string {
  return config.UNSUBSCRIBE_SECRET ?? DEVELOPMENT_UNSUBSCRIBE_SECRET;
}

export const API_CONFIG = Symbol('API_CONFIG');
export const API_LOGGER = Symbol('API_LOGGER');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

export function readApiConfig(source: NodeJS.ProcessEnv = process.env): ApiConfig {
  return readConfig('api', apiEnvSchema, source);
}

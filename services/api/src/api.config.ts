import { z } from 'zod';
import { env, readConfig } from '#libs/config';
import { pipelineEnvSchema } from '#libs/config';
import { internalTokenRequired, serviceGuardEnv } from '#libs/service-runtime';

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
}).check(internalTokenRequired);
export type ApiConfig = z.infer<typeof apiEnvSchema>;
export const API_CONFIG = Symbol('API_CONFIG');
export const API_LOGGER = Symbol('API_LOGGER');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

export function readApiConfig(source: NodeJS.ProcessEnv = process.env): ApiConfig {
  return readConfig('api', apiEnvSchema, source);
}

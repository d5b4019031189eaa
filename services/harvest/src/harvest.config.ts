import { z } from 'zod';
import { env, readConfig } from '#libs/config';
import { internalTokenRequired, serviceGuardEnv } from '#libs/service-runtime';

export const harvestEnvSchema = z.object({
  DATABASE_URL: env.postgresUrl(),
  TEMPORAL_ADDRESS: env.hostPort('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  HARVEST_PORT: env.port(3010),
  HARVEST_HOST: z.string().default('127.0.0.1'),
  /** Where CSV drop folders live: <dir>/<campaignId>/*.csv */
  HARVEST_DROP_DIR: z.string().min(1).default('.data/drop'),
  /** Uploaded and picked-up files wait here until their import job finishes. */
  HARVEST_SPOOL_DIR: z.string().min(1).default('.data/harvest-spool'),
  /** Import files as soon as they land in a drop folder (files present at boot wait for the daily sweep). */
  HARVEST_WATCH_DROP_DIR: env.bool(true),
  HARVEST_IMPORT_MAX_BYTES: env.positiveInt(512 * 1024 * 1024),
  HARVEST_IMPORT_BATCH_ROWS: env.positiveInt(5000),
  PEOPLE_SEARCH_BASE_URL: env.url().optional(),
  PEOPLE_SEARCH_API_KEY: z.string().min(1).optional(),
  PEOPLE_SEARCH_PER_MINUTE: env.positiveInt(50),
  PEOPLE_SEARCH_PER_DAY: env.positiveInt(5000),
  PEOPLE_SEARCH_MAX_PAGES: env.positiveInt(5),
  SOURCE_FAILURE_THRESHOLD: env.positiveInt(3),
  SOURCE_COOLDOWN_MINUTES: env.positiveInt(15),
  SOURCE_MAX_ATTEMPTS: env.positiveInt(3),
  LOG_LEVEL: env.logLevel(),
  /** INTERNAL_API_TOKEN (required by every route but the probes and metrics) and HARVEST_ALLOWED_HOSTS. */
  ...serviceGuardEnv('HARVEST'),
}).check(internalTokenRequired);

export type HarvestConfig = z.infer<typeof harvestEnvSchema>;
export const HARVEST_CONFIG = Symbol('HARVEST_CONFIG');

export function readHarvestConfig(source: NodeJS.ProcessEnv = process.env): HarvestConfig {
  return readConfig('harvest', harvestEnvSchema, source);
}

import { z } from 'zod';
import { env, readConfig } from '../../../libs/config/src/index.js';

export const scoringEnvSchema = z.object({
  DATABASE_URL: env.postgresUrl(),
  TEMPORAL_ADDRESS: env.hostPort('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  SCORING_PORT: env.port(3020),
  SCORING_HOST: z.string().default('127.0.0.1'),
  HARVEST_URL: env.url().default('http://127.0.0.1:3010'),
  /** Leads per page of a scoring run: one harvest call, one read and one write per page. */
  SCORING_PAGE_SIZE: env.positiveInt(5000),
  LOG_LEVEL: env.logLevel(),
});

export type ScoringConfig = z.infer<typeof scoringEnvSchema>;
export const SCORING_CONFIG = Symbol('SCORING_CONFIG');

export function readScoringConfig(source: NodeJS.ProcessEnv = process.env): ScoringConfig {
  return readConfig('scoring', scoringEnvSchema, source);
}

import { z } from 'zod';
import { env, readConfig } from '#libs/config';
import { internalTokenRequired, stagePageSize, stageServiceEnv } from '#libs/service-runtime';

export const scoringEnvSchema = z.object({
  ...stageServiceEnv('SCORING', 3020),
  HARVEST_URL: env.url().default('http://127.0.0.1:3010'),
  /** Leads per page of a scoring run: one harvest call, one read and one write per page. */
  SCORING_PAGE_SIZE: stagePageSize(5000),
}).check(internalTokenRequired);

export type ScoringConfig = z.infer<typeof scoringEnvSchema>;
export const SCORING_CONFIG = Symbol('SCORING_CONFIG');

export function readScoringConfig(source: NodeJS.ProcessEnv = process.env): ScoringConfig {
  return readConfig('scoring', scoringEnvSchema, source);
}

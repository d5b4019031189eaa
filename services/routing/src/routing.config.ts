import { z } from 'zod';
import { env, readConfig } from '#libs/config';
import { internalTokenRequired, stagePageSize, stageServiceEnv } from '#libs/service-runtime';

export const routingEnvSchema = z.object({
  ...stageServiceEnv('ROUTING', 3040),
  /** Harvest serves lead facts (country, industry, employee count, company domain). */
  HARVEST_URL: env.url().default('http://127.0.0.1:3010'),
  /** Scoring serves each lead's current tier. */
  SCORING_URL: env.url().default('http://127.0.0.1:3020'),
  /** Qualification pages through a campaign's qualified leads. */
  QUALIFICATION_URL: env.url().default('http://127.0.0.1:3030'),
  /** Qualified leads judged per page: one transaction and three internal HTTP calls each. */
  ROUTING_PAGE_SIZE: stagePageSize(5000),
  /** The routing business day (owner capacity, daily caps) starts at midnight in this zone. */
  ROUTING_TIME_ZONE: env.timeZone('UTC'),
  /** Hot-lead SLA workflows started at once; bounds the load a big page puts on Temporal. */
  ROUTING_SLA_START_CONCURRENCY: env.positiveInt(32),
}).check(internalTokenRequired);

export type RoutingConfig = z.infer<typeof routingEnvSchema>;
export const ROUTING_CONFIG = Symbol('ROUTING_CONFIG');

export function readRoutingConfig(source: NodeJS.ProcessEnv = process.env): RoutingConfig {
  return readConfig('routing', routingEnvSchema, source);
}

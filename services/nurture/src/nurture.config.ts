import { z } from 'zod';
import { env, readConfig } from '#libs/config';
import { internalTokenRequired, stageServiceEnv } from '#libs/service-runtime';
import { sendingEnv, unsubscribeSecretRequired } from './sending/sending.config.js';

export const nurtureEnvSchema = z.object({
  ...stageServiceEnv('NURTURE', 3050),
  /** Harvest serves lead facts (name, email, time zone, country, region) for enrolment and rendering. */
  HARVEST_URL: env.url().default('http://127.0.0.1:3010'),
  /** Scoring serves each lead's current score: the admission order. */
  SCORING_URL: env.url().default('http://127.0.0.1:3020'),
  /** Routing pages through a campaign's enrolled routes (sequence, owner). */
  ROUTING_URL: env.url().default('http://127.0.0.1:3040'),
  /** Enrolment workflows signalled at once by pause/resume/stop; bounds the load a big campaign puts on Temporal. */
  NURTURE_SIGNAL_CONCURRENCY: env.positiveInt(32),
  /** Attempts per workflow signal before it is reported as failed (a missing workflow is not a failure). */
  NURTURE_SIGNAL_ATTEMPTS: env.positiveInt(3),
  /** SendGrid, reply and unsubscribe addresses, the settle window and the unknown-send sweep (sending/sending.config.ts). */
  ...sendingEnv,
})
  .check(internalTokenRequired)
  .check(unsubscribeSecretRequired);

export type NurtureConfig = z.infer<typeof nurtureEnvSchema>;
export const NURTURE_CONFIG = Symbol('NURTURE_CONFIG');

export function readNurtureConfig(source: NodeJS.ProcessEnv = process.env): NurtureConfig {
  return readConfig('nurture', nurtureEnvSchema, source);
}

import { z } from 'zod';
import { env, readConfig } from '#libs/config';

/** Requests per second each API key may make (a token bucket per key and API process), and the burst it allows. */
export const apiKeyEnvSchema = z.object({
  API_KEY_RATE_PER_SECOND: env.positiveInt(20),
  API_KEY_RATE_BURST: env.positiveInt(200),
});
export type ApiKeyLimits = z.infer<typeof apiKeyEnvSchema>;
export const API_KEY_LIMITS = Symbol('API_KEY_LIMITS');

export function readApiKeyLimits(source: NodeJS.ProcessEnv = process.env): ApiKeyLimits {
  return readConfig('api', apiKeyEnvSchema, source);
}

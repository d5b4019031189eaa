import { z } from 'zod';
import { ConfigError, readConfig } from '#libs/config';
import { internalTokenRequired, isDevelopment } from './service-guard.js';
import { stageServiceEnv } from './stage-config.js';

const schema = z.object({ ...stageServiceEnv('SCORING', 3020) }).check(internalTokenRequired);
const base = { DATABASE_URL: 'postgres://u:p@db:5432/aicmo' };

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    readConfig('scoring', schema, env);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.problems.map((p) => `${p.key}: ${p.message}`);
  }
}

describe('service protection config', () => {
  it('needs no token in development', () => {
    expect(problems(base)).toEqual([]);
    expect(problems({ ...base, NODE_ENV: 'test' })).toEqual([]);
  });

  it('needs the token in production or any explicit non-development environment, listed with the other bad keys', () => {
    expect(problems({ ...base, NODE_ENV: 'production' })).toEqual([expect.stringMatching(/^INTERNAL_API_TOKEN: required outside development.*\(not set\)$/)]);
    expect(problems({ ...base, AICMO_ENV: 'staging', SCORING_PORT: 'x' })).toEqual([expect.stringMatching(/^SCORING_PORT: /), expect.stringMatching(/^INTERNAL_API_TOKEN: required/)]);
    expect(problems({ ...base, NODE_ENV: 'production', INTERNAL_API_TOKEN: 'short' })).toEqual([expect.stringMatching(/^INTERNAL_API_TOKEN: must be at least 16 characters/)]);
    expect(problems({ ...base, NODE_ENV: 'production', INTERNAL_API_TOKEN: '0123456789abcdef0123' })).toEqual([]);
  });

  it('refuses an allowed-hosts list that is not hosts', () => {
    expect(problems({ ...base, SCORING_ALLOWED_HOSTS: 'scoring:3020, https://scoring/' })).toEqual([expect.stringMatching(/^SCORING_ALLOWED_HOSTS: must be comma-separated host or host:port entries/)]);
  });

  it('knows development by NODE_ENV and AICMO_ENV', () => {
    expect(isDevelopment({})).toBe(true);
    expect(isDevelopment({ AICMO_ENV: 'development' })).toBe(true);
    expect(isDevelopment({ NODE_ENV: 'production' })).toBe(false);
    expect(isDevelopment({ AICMO_ENV: 'production' })).toBe(false);
  });
});

import { z } from 'zod';
import { ConfigError, env, readConfig } from './env.js';

const schema = z.object({
  API_PORT: env.port(3000),
  PIPELINE_TIME_ZONE: env.timeZone('UTC'),
  HARVEST_AT: env.localTime('02:00'),
  WATCH: env.bool(true),
  DATABASE_URL: env.postgresUrl().optional(),
});

describe('readConfig', () => {
  it('applies defaults and coerces types', () => {
    expect(readConfig('test', schema, {})).toEqual({ API_PORT: 3000, PIPELINE_TIME_ZONE: 'UTC', HARVEST_AT: '02:00', WATCH: true });
  });

  it('lists every bad key with the value it got', () => {
    const bad = { API_PORT: '70000', PIPELINE_TIME_ZONE: 'Mars/Olympus', HARVEST_AT: '25:00', WATCH: 'maybe', DATABASE_URL: 'mysql://x' };
    let error: unknown;
    try {
      readConfig('harvest', schema, bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.key).sort();
    expect(problems).toEqual(['API_PORT', 'DATABASE_URL', 'HARVEST_AT', 'PIPELINE_TIME_ZONE', 'WATCH']);
    expect((error as ConfigError).message).toContain('harvest: invalid configuration (5 problems)');
    expect((error as ConfigError).message).toContain('PIPELINE_TIME_ZONE: must be an IANA time zone such as Europe/Berlin (got "Mars/Olympus")');
  });
});

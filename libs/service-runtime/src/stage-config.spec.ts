import { z } from 'zod';
import { ConfigError, readConfig } from '#libs/config';
import { stagePageSize, stageServiceEnv } from './stage-config.js';

// A stage that does not exist yet, read the way every stage service reads its config.
const nurtureEnv = z.object({ ...stageServiceEnv('NURTURE', 3050), NURTURE_PAGE_SIZE: stagePageSize(5000) });

describe('stageServiceEnv', () => {
  it('needs only the database URL; listens on the stage port of its prefix', () => {
    expect(readConfig('nurture', nurtureEnv, { DATABASE_URL: 'postgres://u@127.0.0.1/aicmo' })).toEqual({
      DATABASE_URL: 'postgres://u@127.0.0.1/aicmo',
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_NAMESPACE: 'default',
      NURTURE_PORT: 3050,
      NURTURE_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      NURTURE_PAGE_SIZE: 5000,
    });
  });

  it('lists every bad key, a page larger than a stage page among them', () => {
    let error: unknown;
    try {
      readConfig('nurture', nurtureEnv, { NURTURE_PORT: 'x', NURTURE_PAGE_SIZE: '10001', TEMPORAL_ADDRESS: 'temporal' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.key).sort()).toEqual(['DATABASE_URL', 'NURTURE_PAGE_SIZE', 'NURTURE_PORT', 'TEMPORAL_ADDRESS']);
    expect((error as ConfigError).message).toContain('must be at most 10000');
  });
});

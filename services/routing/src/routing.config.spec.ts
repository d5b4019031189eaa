import { ConfigError } from '#libs/config';
import { readRoutingConfig } from './routing.config.js';

const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/aicmo' };

describe('readRoutingConfig', () => {
  it('has working defaults beside the database URL', () => {
    const config = readRoutingConfig(base);
    expect(config).toMatchObject({
      ROUTING_PORT: 3040,
      ROUTING_HOST: '127.0.0.1',
      ROUTING_PAGE_SIZE: 5000,
      ROUTING_TIME_ZONE: 'UTC',
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_NAMESPACE: 'default',
      HARVEST_URL: 'http://127.0.0.1:3010',
      SCORING_URL: 'http://127.0.0.1:3020',
      QUALIFICATION_URL: 'http://127.0.0.1:3030',
    });
  });

  it('lists every bad key at once', () => {
    let error: unknown;
    try {
      readRoutingConfig({ ROUTING_PAGE_SIZE: '20000', ROUTING_TIME_ZONE: 'Mars/Olympus', SCORING_URL: 'scoring' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.key).sort()).toEqual(['DATABASE_URL', 'ROUTING_PAGE_SIZE', 'ROUTING_TIME_ZONE', 'SCORING_URL']);
  });
});

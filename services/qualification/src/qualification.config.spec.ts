import { ConfigError } from '#libs/config';
import { readQualificationConfig } from './qualification.config.js';

const base = { DATABASE_URL: 'postgres://localhost/aicmo' };

function problemsOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    readQualificationConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('readQualificationConfig', () => {
  it('applies defaults: system resolver, pages of 5000, port 3030', () => {
    const config = readQualificationConfig(base);
    expect(config).toMatchObject({ QUALIFICATION_PORT: 3030, QUALIFICATION_PAGE_SIZE: 5000, QUALIFY_DNS_TIMEOUT_MS: 2000, QUALIFY_DNS_CONCURRENCY: 64 });
    expect(config.dns).toEqual({ servers: undefined, timeoutMs: 2000, concurrency: 64 });
  });

  it('takes a list of resolvers with ports', () => {
    const config = readQualificationConfig({ ...base, QUALIFY_DNS_SERVERS: '127.0.0.1:5353, 9.9.9.9 [2001:db8::1]:53' });
    expect(config.dns.servers).toEqual(['127.0.0.1:5353', '9.9.9.9', '[2001:db8::1]:53']);
  });

  it('fails naming the bad resolver entry, together with every other bad key', () => {
    const err = problemsOf({ ...base, QUALIFY_DNS_SERVERS: '1.1.1.1,dns.google', QUALIFICATION_PORT: 'x', QUALIFY_DNS_TIMEOUT_MS: '90000' });
    expect(err.problems.map((p) => p.key).sort()).toEqual(['QUALIFICATION_PORT', 'QUALIFY_DNS_SERVERS', 'QUALIFY_DNS_TIMEOUT_MS']);
    const dns = err.problems.find((p) => p.key === 'QUALIFY_DNS_SERVERS')!;
    expect(dns.message).toContain('entry 2');
    expect(dns.message).toContain('dns.google');
  });

  it('refuses DNS limits dns-check refuses', () => {
    const err = problemsOf({ ...base, QUALIFY_DNS_TIMEOUT_MS: '90000', QUALIFY_DNS_CONCURRENCY: '20000' });
    expect(err.problems.map((p) => p.key).sort()).toEqual(['QUALIFY_DNS_CONCURRENCY', 'QUALIFY_DNS_TIMEOUT_MS']);
  });

  it('caps the page size at a stage page', () => {
    expect(problemsOf({ ...base, QUALIFICATION_PAGE_SIZE: '20000' }).problems.map((p) => p.key)).toEqual(['QUALIFICATION_PAGE_SIZE']);
  });
});

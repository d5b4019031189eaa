import { createSocket } from 'node:dgram';
import { classifyEmail } from '#libs/lead-qualification';
import { DnsCheckConfigError } from './dns-check-config.js';
import { DomainMailCheck, type DomainMailCheckStats } from './domain-mail-check.js';
import { LoopbackDnsServer } from '../../../tools/dev-fakes/dns/loopback-dns-server.js';

// The real node:dns/promises Resolver (c-ares) against a real UDP server on loopback: nothing is mocked.
let dns: LoopbackDnsServer;

beforeAll(async () => {
  dns = await LoopbackDnsServer.start({
    zones: {
      'example.com': { mx: ['mx2.example.com', { exchange: 'mx1.example.com', priority: 5 }], a: ['192.0.2.1'] },
      'a-only.test': { a: ['192.0.2.10'] },
      'aaaa-only.test': { aaaa: ['2001:db8::10'] },
      'nodata.test': {},
      'null-mx.test': { nullMx: true, a: ['192.0.2.11'] },
      'gone.test': 'nxdomain',
      // Held: answered only when a test calls dns.release(), so "too late" and "under way" need no sleeps.
      'slow.test': { hold: true, mx: ['mx.slow.test'] },
      'silent.test': 'drop',
      'broken.test': 'servfail',
      'refusing.test': 'refused',
      'lagging.test': { hold: true, mx: ['mx.lagging.test'] },
      '*.many.test': { hold: true, mx: ['mx.many.test'] },
    },
  });
});

afterAll(async () => {
  await dns.close();
});

beforeEach(() => dns.resetCounts());
afterEach(() => dns.release());

// A timeout far above any loaded machine's loopback round trip: only the tests about timeouts set a short one.
const checker = (options: ConstructorParameters<typeof DomainMailCheck>[0] = {}) =>
  new DomainMailCheck({ servers: [dns.server], timeoutMs: 5000, tries: 1, ...options });

describe('DomainMailCheck against the loopback server', () => {
  it.each([
    ['MX found, hosts by preference', 'example.com', { mx: 'found', hosts: ['mx1.example.com', 'mx2.example.com'] }, ['MX']],
    ['no MX, A record: A fallback', 'a-only.test', { mx: 'a-fallback', hosts: ['a-only.test'] }, ['MX', 'A']],
    ['no MX, AAAA only: A fallback', 'aaaa-only.test', { mx: 'a-fallback', hosts: ['aaaa-only.test'] }, ['MX', 'A', 'AAAA']],
    ['NODATA everywhere: none', 'nodata.test', { mx: 'none', detail: 'no MX, A or AAAA records' }, ['MX', 'A', 'AAAA']],
    ['null MX: none, even with an A record', 'null-mx.test', { mx: 'none', detail: expect.stringContaining('null MX') }, ['MX']],
    ['NXDOMAIN: nxdomain, no fallback queries', 'gone.test', { mx: 'nxdomain', detail: 'ENOTFOUND' }, ['MX']],
    ['SERVFAIL: error, not nxdomain', 'broken.test', { mx: 'error', detail: 'ESERVFAIL' }, ['MX']],
    ['REFUSED: error, not nxdomain', 'refusing.test', { mx: 'error', detail: 'EREFUSED' }, ['MX']],
  ])('%s', async (_name, domain, expected, types) => {
    const facts = await checker().check(domain);
    expect(facts).toEqual(expected);
    for (const type of ['MX', 'A', 'AAAA']) expect([type, dns.queryCount(domain, type)]).toEqual([type, types.includes(type) ? 1 : 0]);
  });

  it('a server that answers too late is a timeout, and the address is risky, not invalid', async () => {
    // The answer is held until after the check has given up (afterEach releases it).
    const facts = await checker({ timeoutMs: 100, tries: 1 }).check('slow.test');
    expect(facts).toEqual({ mx: 'timeout', detail: 'ETIMEOUT' });
    expect(dns.heldAnswers()).toBe(1);
    expect(classifyEmail('ann@slow.test', facts).verdict).toBe('risky');
  });

  it('a server that never answers is a timeout', async () => {
    expect(await checker({ timeoutMs: 100, tries: 2 }).check('silent.test')).toEqual({ mx: 'timeout', detail: 'ETIMEOUT' });
    expect(dns.queryCount('silent.test', 'MX')).toBe(2);
  });

  it('a closed port is an error (ECONNREFUSED), not nxdomain', async () => {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const port = socket.address().port;
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    const facts = await new DomainMailCheck({ servers: [`127.0.0.1:${port}`], timeoutMs: 200, tries: 1 }).check('example.com');
    expect(facts.mx).not.toBe('nxdomain');
    expect(['error', 'timeout']).toContain(facts.mx);
  });

  it('uses the configured non-53 port', () => {
    expect(checker().servers()).toEqual([dns.server]);
    expect(dns.port).not.toBe(53);
  });

  it('normalises case and the trailing dot, and refuses non-domains without a query', async () => {
    const check = checker();
    expect((await check.check('EXAMPLE.com.')).mx).toBe('found');
    expect((await check.check('example.com')).mx).toBe('found');
    expect(dns.queryCount('example.com')).toBe(1);
    expect(await check.check('bücher.de')).toEqual({ mx: 'error', detail: 'not a valid ASCII domain name' });
    expect(await check.check('')).toEqual({ mx: 'error', detail: 'not a valid ASCII domain name' });
    expect(dns.stats().received).toBe(1);
  });
});

describe('DomainMailCheck cache', () => {
  function clock() {
    let t = 1_000_000;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  }

  it('answers repeated checks from the cache', async () => {
    const check = checker();
    for (let i = 0; i < 5; i++) expect((await check.check('example.com')).mx).toBe('found');
    expect(dns.queryCount('example.com', 'MX')).toBe(1);
    expect(check.stats()).toEqual(expect.objectContaining<Partial<DomainMailCheckStats>>({ checks: 5, cacheHits: 4, lookups: 1, queries: 1, cacheSize: 1 }));
  });

  it('keeps negative answers for the shorter negative TTL', async () => {
    const c = clock();
    const check = checker({ now: c.now, positiveTtlMs: 60_000, negativeTtlMs: 5_000 });
    await check.check('example.com');
    await check.check('gone.test');
    c.advance(4_000);
    await check.check('example.com');
    await check.check('gone.test');
    expect([dns.queryCount('example.com'), dns.queryCount('gone.test')]).toEqual([1, 1]);
    c.advance(2_000); // 6 s: past the negative TTL only
    await check.check('example.com');
    expect((await check.check('gone.test')).mx).toBe('nxdomain');
    expect([dns.queryCount('example.com'), dns.queryCount('gone.test')]).toEqual([1, 2]);
    c.advance(60_000); // past the positive TTL too
    await check.check('example.com');
    expect(dns.queryCount('example.com')).toBe(2);
  });

  it('keeps timeouts and errors only for the failure TTL; 0 retries every time', async () => {
    const c = clock();
    const brief = checker({ now: c.now, failureTtlMs: 1_000 });
    await brief.check('broken.test');
    await brief.check('broken.test');
    expect(dns.queryCount('broken.test')).toBe(1);
    c.advance(1_001);
    await brief.check('broken.test');
    expect(dns.queryCount('broken.test')).toBe(2);

    const never = checker({ failureTtlMs: 0 });
    await never.check('refusing.test');
    await never.check('refusing.test');
    expect(dns.queryCount('refusing.test')).toBe(2);
  });

  it('evicts the least recently used domain past maxEntries', async () => {
    const check = checker({ maxEntries: 2 });
    await check.check('example.com');
    await check.check('a-only.test');
    await check.check('gone.test'); // evicts example.com
    await check.check('example.com');
    expect(dns.queryCount('example.com', 'MX')).toBe(2);
    expect(check.stats().cacheSize).toBe(2);
  });

  it('returns copies: a caller cannot change the cached answer', async () => {
    const check = checker();
    const first = await check.check('example.com');
    first.hosts!.push('evil.test');
    first.mx = 'none';
    expect(await check.check('example.com')).toEqual({ mx: 'found', hosts: ['mx1.example.com', 'mx2.example.com'] });
  });
});

describe('DomainMailCheck in-flight de-duplication and concurrency', () => {
  it('1,000 leads on one domain make one query', async () => {
    const check = checker();
    const pending = Promise.all(Array.from({ length: 1000 }, () => check.check('lagging.test')));
    await dns.whenReceived(1);
    dns.release();
    const results = await pending;
    expect(new Set(results.map((r) => r.mx))).toEqual(new Set(['found']));
    expect(dns.queryCount('lagging.test')).toBe(1);
    expect(check.stats()).toEqual(expect.objectContaining({ checks: 1000, lookups: 1, inflightJoins: 999 }));
  });

  it('limits outstanding queries', async () => {
    const check = checker({ concurrency: 3 });
    const domains = Array.from({ length: 12 }, (_, i) => `d${i}.many.test`);
    const pending = Promise.all(domains.map((d) => check.check(d)));
    await dns.whenReceived(3);
    expect(check.stats()).toEqual(expect.objectContaining({ active: 3, queued: 9 }));
    // Answer one query at a time: each answer lets exactly one queued check send its query.
    const outstanding: number[] = [];
    for (let answered = 0; answered < 12; answered++) {
      await dns.whenReceived(Math.min(answered + 3, 12));
      outstanding.push(dns.heldAnswers());
      dns.release(1);
    }
    expect(outstanding).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 1]);
    expect((await pending).every((f) => f.mx === 'found')).toBe(true);
    expect(check.stats()).toEqual(expect.objectContaining({ active: 0, queued: 0, queries: 12 }));
  });

  it('cancel() ends queries under way as errors that are not cached', async () => {
    const check = checker();
    const pending = check.check('slow.test');
    await dns.whenReceived(1);
    check.cancel();
    expect(await pending).toEqual({ mx: 'error', detail: 'ECANCELLED' });
    expect(check.stats().cacheSize).toBe(0);
  });
});

describe('DomainMailCheck configuration', () => {
  it('names every bad option', () => {
    let error: unknown;
    try {
      new DomainMailCheck({ servers: ['127.0.0.1:99999', 'dns.google', '10.0.0.1:53', '', '[zz]:53', '::1:53'], timeoutMs: 0, tries: 1.5 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DnsCheckConfigError);
    expect((error as DnsCheckConfigError).issues.map((i) => i.option)).toEqual(['servers[0]', 'servers[1]', 'servers[3]', 'servers[4]', 'timeoutMs', 'tries']);
    expect((error as DnsCheckConfigError).message).toContain('servers[0]: "127.0.0.1:99999": port 99999 is outside 1-65535');
    expect((error as DnsCheckConfigError).message).toContain('servers[1]: "dns.google" is not an IP address or ip:port');
  });

  it.each([
    [{ servers: [] }, 'servers'],
    [{ negativeTtlMs: 10, positiveTtlMs: 5 }, 'negativeTtlMs'],
    [{ concurrency: 0 }, 'concurrency'],
    [{ failureTtlMs: -1 }, 'failureTtlMs'],
    [{ maxEntries: Number.NaN }, 'maxEntries'],
  ])('refuses %j', (options, option) => {
    expect(() => new DomainMailCheck(options)).toThrow(DnsCheckConfigError);
    try {
      new DomainMailCheck(options);
    } catch (e) {
      expect((e as DnsCheckConfigError).issues.map((i) => i.option)).toEqual([option]);
    }
  });

  it('accepts IPv4, IPv6 and either with a port', () => {
    const check = new DomainMailCheck({ servers: ['127.0.0.1', '127.0.0.1:5353', '::1', '[::1]:5353'] });
    expect(check.servers()).toEqual(['127.0.0.1', '127.0.0.1:5353', '::1', '[::1]:5353']);
  });
});

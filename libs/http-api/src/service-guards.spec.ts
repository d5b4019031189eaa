import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { TokenBuckets } from './address-rate-limit.js';
import { declareMisdirectedRequest, defaultAllowedHosts, hostAllowed, hostAllowlist, parseAllowedHosts } from './host-allowlist.js';
import { internalTokenGuard, sameSecret } from './internal-token.js';

describe('sameSecret', () => {
  it('accepts only the exact secret', () => {
    expect(sameSecret('a-long-shared-secret', 'a-long-shared-secret')).toBe(true);
    expect(sameSecret('a-long-shared-secreT', 'a-long-shared-secret')).toBe(false);
    expect(sameSecret('a-long-shared-secret ', 'a-long-shared-secret')).toBe(false);
    expect(sameSecret('', 'a-long-shared-secret')).toBe(false);
    expect(sameSecret(undefined, 'a-long-shared-secret')).toBe(false);
  });

  it('compares secrets of different lengths without throwing', () => {
    expect(sameSecret('x', 'a-much-longer-secret-than-x')).toBe(false);
  });
});

describe('host allowlist', () => {
  const allowed = parseAllowedHosts('api.example.com, localhost:3000 ,[::1]:3000,harvest:3010');

  it.each([
    ['api.example.com', true],
    ['API.Example.com:443', true],
    ['api.example.com.', true],
    ['localhost:3000', true],
    ['localhost:3001', false],
    ['localhost', false],
    ['[::1]:3000', true],
    ['harvest:3010', true],
    ['harvest', false],
    ['evil.example', false],
    ['api.example.com.evil.example', false],
    ['api.example.com@evil.example', false],
    ['', false],
  ])('%s → %s', (host, ok) => {
    expect(hostAllowed(host, allowed)).toBe(ok);
  });

  it('refuses a missing Host', () => {
    expect(hostAllowed(undefined, allowed)).toBe(false);
  });

  it('refuses a list entry that is not a host', () => {
    expect(() => parseAllowedHosts('ok.example, http://bad.example/')).toThrow('"http://bad.example/" is not a host');
  });

  it('defaults to loopback names and the listen host on the service port, never "every interface"', () => {
    expect(defaultAllowedHosts(3010, '127.0.0.1').map((h) => `${h.name}:${h.port}`)).toEqual(['127.0.0.1:3010', 'localhost:3010', '[::1]:3010']);
    expect(defaultAllowedHosts(3010, '0.0.0.0').map((h) => h.name)).toEqual(['127.0.0.1', 'localhost', '[::1]']);
    expect(defaultAllowedHosts(3010, 'harvest.internal').map((h) => h.name)).toContain('harvest.internal');
    expect(defaultAllowedHosts(3010, 'fd00::5').map((h) => h.name)).toContain('[fd00::5]');
  });
});

describe('TokenBuckets', () => {
  it('allows a burst, then refuses with the seconds until the next token, and refills over time', () => {
    const buckets = new TokenBuckets({ burst: 3, perMinute: 6 });
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) expect(buckets.take('198.51.100.1', t0)).toEqual({ ok: true });
    expect(buckets.take('198.51.100.1', t0)).toEqual({ ok: false, retryAfterSeconds: 10 });
    // Another address has its own bucket.
    expect(buckets.take('198.51.100.2', t0)).toEqual({ ok: true });
    expect(buckets.take('198.51.100.1', t0 + 10_000)).toEqual({ ok: true });
    expect(buckets.take('198.51.100.1', t0 + 10_000).ok).toBe(false);
  });

  it('forgets the least recently seen client past its size', () => {
    const buckets = new TokenBuckets({ burst: 1, perMinute: 1, maxClients: 2 });
    buckets.take('a', 0);
    buckets.take('b', 0);
    buckets.take('c', 0);
    expect(buckets.take('a', 0)).toEqual({ ok: true });
    expect(buckets.take('c', 0).ok).toBe(false);
  });
});

describe('guards on a real express app', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use(hostAllowlist(parseAllowedHosts('127.0.0.1'), ['/health']));
    app.use(internalTokenGuard('the-shared-internal-token', ['/health']));
    app.get('/health', (_req, res) => void res.json({ ok: true }));
    app.get('/internal/leads', (_req, res) => void res.json({ items: [] }));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers 401 without the token or with a wrong one, and serves it with the right one', async () => {
    const missing = await fetch(`${base}/internal/leads`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ code: 'unauthorized', message: expect.stringContaining('x-internal-token'), details: [{ field: 'x-internal-token', message: 'missing' }] });
    expect((await fetch(`${base}/internal/leads`, { headers: { 'x-internal-token': 'wrong' } })).status).toBe(401);
    expect((await fetch(`${base}/internal/leads`, { headers: { 'x-internal-token': 'the-shared-internal-token' } })).status).toBe(200);
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });
});

describe('declareMisdirectedRequest', () => {
  it('adds the 421 answer to every operation and keeps the others', () => {
    const doc = declareMisdirectedRequest({ paths: { '/a': { get: { responses: { '200': { description: 'ok' } } }, post: {}, parameters: [] } } });
    expect(Object.keys(doc.paths['/a'].get.responses)).toEqual(['200', '421']);
    expect((doc.paths['/a'].post as { responses: Record<string, { content: unknown }> }).responses['421']!.content).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } });
    expect(doc.paths['/a'].parameters).toEqual([]);
  });
});

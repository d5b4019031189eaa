import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { suppressedSetOf, SuppressionListUnavailable, SuppressionLookup } from './suppression-lookup.js';

describe('suppressedSetOf', () => {
  it('reports a listed address as an address and a listed domain through its addresses', () => {
    const set = suppressedSetOf({
      suppressed: ['ann@a.example', 'bob@b.example'],
      matches: [
        { email: 'ann@a.example', address: true, domain: false },
        { email: 'bob@b.example', address: false, domain: true },
      ],
    });
    expect([...set.addresses]).toEqual(['ann@a.example']);
    expect([...set.domains]).toEqual(['b.example']);
  });
});

describe('SuppressionLookup', () => {
  let server: Server;
  let answer: (body: string) => { status: number; body: string };
  const bodies: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        bodies.push(`${req.method} ${req.url} ${req.headers['x-internal-token']} ${body}`);
        const a = answer(body);
        res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const lookup = (url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`) => new SuppressionLookup({ NURTURE_URL: url, INTERNAL_API_TOKEN: 't0ken' });

  it('asks nurture once for the whole page, with the internal token', async () => {
    bodies.length = 0;
    answer = () => ({ status: 200, body: JSON.stringify({ suppressed: ['x@y.example'], matches: [{ email: 'x@y.example', address: true, domain: true }] }) });
    const set = await lookup().matching(['x@y.example', 'z@y.example', 'x@y.example']);
    expect(bodies).toEqual(['POST /internal/suppressions/check t0ken {"emails":["x@y.example","z@y.example"]}']);
    expect(set).toEqual({ addresses: new Set(['x@y.example']), domains: new Set(['y.example']) });
  });

  it('asks nothing for an empty page', async () => {
    bodies.length = 0;
    expect(await lookup().matching([])).toEqual({ addresses: new Set(), domains: new Set() });
    expect(bodies).toEqual([]);
  });

  it('fails with SuppressionListUnavailable when nurture answers an error or cannot be reached', async () => {
    answer = () => ({ status: 503, body: JSON.stringify({ code: 'unavailable', message: 'database down', details: [] }) });
    await expect(lookup().matching(['a@b.example'])).rejects.toBeInstanceOf(SuppressionListUnavailable);
    await expect(lookup('http://127.0.0.1:9').matching(['a@b.example'])).rejects.toThrow(/suppression list \(nurture service\) could not be read.*not judged/);
  });
});

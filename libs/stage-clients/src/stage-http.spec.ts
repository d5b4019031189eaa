import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceHttpClient, StageCallError } from './stage-http.js';

// A real loopback HTTP server stands in for the other service: the client's own behaviour is what is tested.
let server: Server;
let baseUrl: string;
const stalled: Array<() => void> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/stall') return void stalled.push(() => res.end('{}'));
    if (req.url === '/refused') {
      res.writeHead(422, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ code: 'rule_set_invalid', message: 'the rule set is invalid', details: [{ field: 'rules[0]', line: 3, column: 5, message: 'unknown property' }] }));
    }
    if (req.url === '/plain') return void res.writeHead(502).end('bad gateway');
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, url: req.url, body, type: req.headers['content-type'], id: req.headers['x-request-id'] })));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  stalled.forEach((finish) => finish());
  await new Promise((r) => server.close(r));
});

describe('ServiceHttpClient', () => {
  it('sends the method, query, body, content type and request id', async () => {
    const client = new ServiceHttpClient('harvest', baseUrl);
    const answer = await client.request({ method: 'PUT', path: '/internal/x', query: { a: 1, skip: undefined, empty: '' }, body: '{"k":1}', contentType: 'application/json', requestId: 'r-1' });
    expect(answer).toEqual({ method: 'PUT', url: '/internal/x?a=1', body: '{"k":1}', type: 'application/json', id: 'r-1' });
  });

  it('passes the service’s coded error through with its details', async () => {
    const err = await new ServiceHttpClient('scoring', baseUrl).request({ method: 'GET', path: '/refused' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StageCallError);
    expect(err).toMatchObject({ service: 'scoring', route: '/refused', status: 422, code: 'rule_set_invalid', serviceMessage: 'the rule set is invalid' });
    expect((err as StageCallError).details).toEqual([{ field: 'rules[0]', line: 3, column: 5, message: 'unknown property' }]);
  });

  it('keeps a non-JSON error answer as the message', async () => {
    const err = await new ServiceHttpClient('routing', baseUrl).request({ method: 'GET', path: '/plain' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 502, serviceMessage: 'bad gateway', message: 'routing /plain: HTTP 502: bad gateway' });
  });

  it('gives up after its timeout instead of waiting forever', async () => {
    const err = await new ServiceHttpClient('harvest', baseUrl, 200).request({ method: 'GET', path: '/stall' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: null, message: 'harvest /stall: no answer within 200 ms' });
  });

  it('names an unreachable service', async () => {
    const err = await new ServiceHttpClient('qualification', 'http://127.0.0.1:1').request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ service: 'qualification', status: null });
    expect((err as Error).message).toContain('unreachable at http://127.0.0.1:1');
  });
});

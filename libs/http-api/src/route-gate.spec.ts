import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { routeGate } from './route-gate.js';

// A real express app behind the gate, reached over HTTP.
const document = {
  paths: {
    '/campaigns': {
      get: { parameters: [{ in: 'query', name: 'limit' }] },
      post: { requestBody: { required: true, content: { 'application/json': {} } } },
    },
    '/campaigns/{id}/rule-sets/{kind}/{version}': { get: {} },
    '/campaigns/{id}/rule-sets/{kind}/validate': { post: { requestBody: { required: false, content: { 'application/json': {}, 'application/yaml': {} } } } },
  },
};

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use(routeGate(document));
  app.all('/{*any}', (_req, res) => void res.status(200).json({ passed: true }));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const call = (path: string, init: RequestInit = {}) => fetch(base + path, init);

describe('routeGate', () => {
  it('answers a method the path does not have with 405 and the methods it has', async () => {
    const res = await call('/campaigns', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST, HEAD, OPTIONS');
    expect(await res.json()).toMatchObject({ code: 'method_not_allowed' });
  });

  it('prefers the most literal path where templates overlap', async () => {
    const res = await call('/campaigns/a/rule-sets/scoring/validate', { method: 'GET' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST, OPTIONS');
    expect((await call('/campaigns/a/rule-sets/scoring/3')).status).toBe(200);
  });

  it('answers OPTIONS with the methods', async () => {
    const res = await call('/campaigns', { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('allow')).toBe('GET, POST, HEAD, OPTIONS');
  });

  it('refuses query parameters the operation does not declare', async () => {
    expect((await call('/campaigns?limit=5')).status).toBe(200);
    const res = await call('/campaigns?limit=5&sort=name');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'validation_failed', details: [{ field: 'sort' }] });
  });

  it('refuses a body of an undeclared media type with 415, and a missing required body with 400', async () => {
    const wrongType = await call('/campaigns', { method: 'POST', body: 'id=x', headers: { 'content-type': 'text/plain' } });
    expect(wrongType.status).toBe(415);
    expect(await wrongType.json()).toMatchObject({ code: 'unsupported_media_type', details: [{ field: 'Content-Type' }] });
    expect((await call('/campaigns', { method: 'POST' })).status).toBe(400);
    expect((await call('/campaigns', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json; charset=utf-8' } })).status).toBe(200);
    expect((await call('/campaigns/a/rule-sets/scoring/validate', { method: 'POST' })).status).toBe(200);
  });

  it('leaves paths the document does not have to the application', async () => {
    expect((await call('/health', { method: 'DELETE' })).status).toBe(200);
  });
});

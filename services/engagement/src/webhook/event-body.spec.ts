import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { EVENT_WEBHOOK_BODY_LIMIT, eventBodyOf, eventWebhookBodyParser, isPlainJson } from './event-body.js';

/** An express app with the reader and a handler that tells what the reader left (and what a later JSON parser saw). */
let server: http.Server;
let base: string;
beforeAll(async () => {
  const app = express();
  eventWebhookBodyParser(app as unknown as NestExpressApplication);
  app.use(express.json({ limit: '1mb' }));
  app.use((req, res) => {
    const body = eventBodyOf(req);
    res.json({ body: body === undefined ? null : body.kind === 'bytes' ? { kind: 'bytes', text: body.bytes.toString() } : body, parsed: req.body ?? null });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

function post(path: string, headers: Record<string, string>, body: Buffer | string, chunked = false): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: 'POST', headers: chunked ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    if (chunked) {
      const b = Buffer.from(body);
      for (let i = 0; i < b.length; i += 1 << 20) req.write(b.subarray(i, i + (1 << 20)));
      req.end();
    } else req.end(body);
  });
}

const PATH = '/webhooks/sendgrid/events';

describe('eventWebhookBodyParser', () => {
  it('keeps the exact bytes of a JSON post, and the shared JSON parser leaves it alone', async () => {
    const body = '[ {"event" : "open"} ]';
    const answer = await post(PATH, { 'content-type': 'application/json; charset=utf-8' }, body);
    expect(answer.json).toEqual({ body: { kind: 'bytes', text: body }, parsed: null });
  });

  it('reads the same path as the router does: any case, a trailing slash', async () => {
    expect((await post('/Webhooks/SendGrid/Events/', { 'content-type': 'application/json' }, '[]')).json.body).toEqual({ kind: 'bytes', text: '[]' });
  });

  it('marks a wrong content type or a compressed body, and reads it off without keeping it', async () => {
    expect((await post(PATH, { 'content-type': 'text/plain' }, '[]')).json.body).toEqual({ kind: 'wrong-type', contentType: 'text/plain' });
    expect((await post(PATH, {}, '[]')).json.body).toEqual({ kind: 'wrong-type', contentType: null });
    expect((await post(PATH, { 'content-type': 'application/json', 'content-encoding': 'gzip' }, '[]')).json.body).toEqual({ kind: 'wrong-type', contentType: 'application/json' });
  });

  it('marks a body over the limit, declared or streamed, and still answers', async () => {
    const huge = Buffer.alloc(EVENT_WEBHOOK_BODY_LIMIT + 1, 0x20);
    expect((await post(PATH, { 'content-type': 'application/json' }, huge)).json.body).toEqual({ kind: 'too-large' });
    expect((await post(PATH, { 'content-type': 'application/json' }, huge, true)).json.body).toEqual({ kind: 'too-large' });
    const atLimit = Buffer.alloc(EVENT_WEBHOOK_BODY_LIMIT, 0x20);
    expect((await post(PATH, { 'content-type': 'application/json' }, atLimit, true)).json.body.kind).toBe('bytes');
  });

  it('leaves every other route to the shared parsers', async () => {
    expect((await post('/internal/other', { 'content-type': 'application/json' }, '{"a":1}')).json).toEqual({ body: null, parsed: { a: 1 } });
  });
});

describe('isPlainJson', () => {
  it('takes application/json with parameters, in any case, and nothing else', () => {
    expect(['application/json', 'Application/JSON', 'application/json; charset=utf-8'].map(isPlainJson)).toEqual([true, true, true]);
    expect([null, '', 'text/json', 'application/json-seq', 'application/jsonx', 'application/x-json', 'multipart/form-data'].map(isPlainJson)).toEqual([false, false, false, false, false, false, false]);
  });
});

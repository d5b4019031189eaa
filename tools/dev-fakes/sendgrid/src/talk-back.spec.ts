import { generateKeyPairSync } from 'node:crypto';
import busboy from 'busboy';
import sgMail from '@sendgrid/mail';
import { Client } from '@sendgrid/client';
import eventwebhook from '@sendgrid/eventwebhook';
import { startSendgridSandbox, type SendgridSandbox } from './server.js';
import { startWebhookReceiver, type Received, type WebhookReceiver } from './testing/webhook-receiver.js';
import type { SentMail } from './store.js';

// The sandbox talking back, end to end over HTTP: what Mail Send accepted comes back as signed Event Webhook
// posts; events and replies on request; the page's buttons. Engagement is played by loopback receivers.
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const verifier = new eventwebhook.EventWebhook();
const verificationKey = verifier.convertPublicKeyToECDSA(publicKey.export({ type: 'spki', format: 'der' }).toString('base64'));
const PARSE_SECRET = 'parse-secret-0123456789abcdef';
const clock = () => new Date('2026-12-01T09:30:00Z');

let events: WebhookReceiver;
let parse: WebhookReceiver;
let sandbox: SendgridSandbox;

beforeAll(async () => {
  events = await startWebhookReceiver();
  parse = await startWebhookReceiver();
  sandbox = await startSendgridSandbox({
    port: 0,
    now: clock,
    talkBack: {
      eventWebhookUrl: `${events.url}/webhooks/sendgrid/events`,
      webhookPrivateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      inboundParseUrl: `http://parse:${PARSE_SECRET}@${parse.url.slice('http://'.length)}/webhooks/sendgrid/inbound`,
      settings: { flushMs: 50, deliveredDelayMs: 100 },
      parseRetry: { firstDelayMs: 50, maxDelayMs: 200, windowMs: 60_000 },
    },
  });
  const client = new Client();
  client.setApiKey('SG.sandbox');
  client.setDefaultRequest('baseUrl', sandbox.url);
  sgMail.setClient(client);
});
afterAll(async () => {
  await sandbox.close();
  await events.close();
  await parse.close();
});
beforeEach(() => {
  sandbox.store.clear();
  sandbox.talkBack.log.clear();
  events.received.length = 0;
  parse.received.length = 0;
});

const step = (ledgerKey: string, extra: Record<string, unknown> = {}) => ({
  to: { email: 'ann@acme.example', name: 'Ann Lead' },
  from: { email: 'rep@mail.aicmo.example', name: 'Rep' },
  replyTo: { email: 'reply+tok123@replies.aicmo.example' },
  subject: 'Quick question',
  text: 'Hi Ann,\n\nShall we talk? https://aicmo.example/demo\n\nUnsubscribe: https://app.example/u/abc',
  html: '<p>Hi Ann,</p><p>Shall we talk? <a href="https://aicmo.example/demo">Demo</a></p><p><a href="https://app.example/u/abc">Unsubscribe</a></p>',
  customArgs: { ledger_key: ledgerKey, enrolment_id: '0b6f3c1e-7d59-4f3a-9a51-3c1d2b7a8e90', step: '0', campaign_id: 'c-1' },
  categories: ['nurture'],
  headers: {
    'List-Unsubscribe': '<https://app.example/u/abc>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'Message-ID': `<${ledgerKey.replace(/:/g, '.')}@mail.aicmo.example>`,
  },
  ...extra,
});

async function send(ledgerKey: string, extra: Record<string, unknown> = {}): Promise<{ xMessageId: string; mail: SentMail }> {
  const [res] = await sgMail.send(step(ledgerKey, extra) as never);
  const xMessageId = res.headers['x-message-id'] as string;
  return { xMessageId, mail: sandbox.store.list({ customArgs: { ledger_key: ledgerKey } })[0]! };
}

type Event = Record<string, unknown> & { event: string; sg_event_id: string; sg_message_id: string };
const posted = (rs: Received[]): Event[] => rs.flatMap((r) => JSON.parse(r.body.toString('utf8')) as Event[]);

async function eventsUntil(count: number, timeoutMs = 5000): Promise<Event[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = posted(events.received);
    if (all.length >= count) return all;
    if (Date.now() > deadline) throw new Error(`expected ${count} events, got ${all.length}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function verified(r: Received): boolean {
  return verifier.verifySignature(verificationKey, r.body, r.headers['x-twilio-email-event-webhook-signature'] as string, r.headers['x-twilio-email-event-webhook-timestamp'] as string);
}

function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, { method: path.includes('webhook') && !path.includes('events') ? 'PUT' : 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** An Inbound Parse post read as engagement reads it (busboy). */
async function formFields(r: Received): Promise<Record<string, string>> {
  const fields: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    const bb = busboy({ headers: r.headers });
    bb.on('field', (name, value) => (fields[name] = value));
    bb.on('close', resolve);
    bb.on('error', reject);
    bb.end(r.body);
  });
  return fields;
}

describe('processed and delivered for every accepted message', () => {
  it('posts both per recipient, signed, with custom_args as top-level fields and SendGrid ids', async () => {
    const { xMessageId, mail } = await send('e1:0:a', { cc: 'bob@acme.example' });
    const all = await eventsUntil(4);
    await new Promise((r) => setTimeout(r, 150));
    expect(posted(events.received)).toHaveLength(4);
    expect(events.received.every(verified)).toBe(true);
    expect(all.map((e) => [e.event, e.email])).toEqual([
      ['processed', 'ann@acme.example'],
      ['processed', 'bob@acme.example'],
      ['delivered', 'ann@acme.example'],
      ['delivered', 'bob@acme.example'],
    ]);
    const [processed, , delivered] = all;
    expect(delivered).toEqual({
      email: 'ann@acme.example',
      timestamp: Math.floor(clock().getTime() / 1000),
      event: 'delivered',
      sg_event_id: expect.stringMatching(/^[A-Za-z0-9+/]{22}==$/),
      sg_message_id: expect.stringMatching(new RegExp(`^${xMessageId.replace(/[-]/g, '\\-')}\\.filterdrecv-`)),
      'smtp-id': '<e1.0.a@mail.aicmo.example>',
      category: 'nurture',
      response: '250 2.0.0 OK',
      tls: 1,
      ledger_key: 'e1:0:a',
      enrolment_id: '0b6f3c1e-7d59-4f3a-9a51-3c1d2b7a8e90',
      step: '0',
      campaign_id: 'c-1',
    });
    expect(processed!.sg_message_id).toBe(delivered!.sg_message_id);
    expect(new Set(all.map((e) => e.sg_event_id)).size).toBe(4);
    expect(sandbox.talkBack.trail(mail.sgMessageId).map((t) => `${t.label}:${t.item.state}`)).toEqual(['processed:delivered', 'processed:delivered', 'delivered:delivered', 'delivered:delivered']);
  });

  it('lists the posts at GET /__sandbox/deliveries without bodies or credentials', async () => {
    await send('e1:0:b');
    await eventsUntil(2);
    await new Promise((r) => setTimeout(r, 100));
    const res = await fetch(`${sandbox.url}/__sandbox/deliveries?webhook=event-webhook`);
    const body = (await res.json()) as { deliveries: Array<Record<string, unknown>>; eventWebhook: { url: string } };
    expect(body.eventWebhook.url).toBe(`${events.url}/webhooks/sendgrid/events`);
    expect(body.deliveries[0]).toMatchObject({ webhook: 'event-webhook', status: 200, attempt: 1, outcome: 'delivered', events: 1 });
    expect(JSON.stringify(body)).not.toContain('ann@acme.example');
  });
});

describe('events on request: POST /__sandbox/messages/:id/events', () => {
  it('queues open, machine open, click, bounces, spam report, unsubscribes, deferred and dropped for the recipient', async () => {
    const { mail } = await send('e2:0:a', { asm: { groupId: 77 } });
    await eventsUntil(2);
    events.received.length = 0;
    const requests = [
      { type: 'open' },
      { type: 'open', machine: true },
      { type: 'click' },
      { type: 'click', url: 'https://aicmo.example/pricing' },
      { type: 'bounce' },
      { type: 'bounce', bounceType: 'soft' },
      { type: 'spamreport' },
      { type: 'unsubscribe' },
      { type: 'group_unsubscribe' },
      { type: 'deferred' },
      { type: 'dropped' },
    ];
    for (const r of requests) {
      const res = await post(`/__sandbox/messages/${encodeURIComponent(mail.sgMessageId)}/events`, r);
      expect(res.status).toBe(202);
    }
    const all = await eventsUntil(requests.length);
    expect(events.received.every(verified)).toBe(true);
    expect(all.every((e) => e.email === 'ann@acme.example' && e.ledger_key === 'e2:0:a' && e.campaign_id === 'c-1')).toBe(true);
    const [open, mpp, click, clickUrl, hard, soft, spam, unsub, group, deferred, dropped] = all;
    expect(open).toMatchObject({ event: 'open', sg_machine_open: false, useragent: expect.stringContaining('Mozilla'), ip: expect.any(String) });
    expect(mpp).toMatchObject({ event: 'open', sg_machine_open: true });
    expect(click).toMatchObject({ event: 'click', url: 'https://aicmo.example/demo', url_offset: { index: 0, type: 'html' } });
    expect(clickUrl).toMatchObject({ event: 'click', url: 'https://aicmo.example/pricing' });
    expect(hard).toMatchObject({ event: 'bounce', type: 'bounce', status: '5.1.1', bounce_classification: 'Invalid Address', reason: expect.stringContaining('550') });
    expect(soft).toMatchObject({ event: 'bounce', type: 'blocked', status: expect.stringMatching(/^4\./), bounce_classification: expect.any(String) });
    expect(spam).toMatchObject({ event: 'spamreport' });
    expect(unsub).toMatchObject({ event: 'unsubscribe' });
    expect(group).toMatchObject({ event: 'group_unsubscribe', asm_group_id: 77 });
    expect(deferred).toMatchObject({ event: 'deferred', response: expect.any(String), attempt: '1' });
    expect(dropped).toMatchObject({ event: 'dropped', reason: 'Bounced Address' });
    // Every event of the message carries the sg_message_id its delivery had.
    expect(new Set(all.map((e) => e.sg_message_id)).size).toBe(1);
  });

  it('answers 404 for an unknown message and 422 naming the field for a bad body', async () => {
    const { mail } = await send('e2:0:b');
    const path = `/__sandbox/messages/${mail.sgMessageId}/events`;
    expect((await post('/__sandbox/messages/nope.0/events', { type: 'open' })).status).toBe(404);
    const cases: Array<[unknown, string | null]> = [
      [{ type: 'reply' }, 'type'],
      [{}, 'type'],
      [{ type: 'click', url: 'javascript:alert(1)' }, 'url'],
      [{ type: 'bounce', bounceType: 'medium' }, 'bounceType'],
      [{ type: 'open', bounceType: 'hard' }, 'bounceType'],
      [{ type: 'open', machine: 'yes' }, 'machine'],
      [{ type: 'open', colour: 'red' }, 'colour'],
      [[], null],
    ];
    for (const [body, field] of cases) {
      const res = await post(path, body);
      expect([res.status, ((await res.json()) as { errors: Array<{ field: string | null }> }).errors[0]!.field]).toEqual([422, field]);
    }
    const badJson = await fetch(`${sandbox.url}${path}`, { method: 'POST', body: '{' });
    expect(badJson.status).toBe(400);
  });
});

describe('replies through Inbound Parse: POST /__sandbox/messages/:id/reply', () => {
  it('posts an interested reply as multipart/form-data with basic auth, threaded to the sent Message-ID', async () => {
    const { mail } = await send('e3:0:a');
    const res = await post(`/__sandbox/messages/${mail.sgMessageId}/reply`, { kind: 'reply' });
    expect(res.status).toBe(202);
    const [r] = await parse.waitFor(1);
    expect(r!.path).toBe('/webhooks/sendgrid/inbound');
    expect(r!.headers.authorization).toBe(`Basic ${Buffer.from(`parse:${PARSE_SECRET}`).toString('base64')}`);
    expect(r!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const f = await formFields(r!);
    expect(Object.keys(f).sort()).toEqual(['SPF', 'charsets', 'dkim', 'envelope', 'from', 'headers', 'html', 'sender_ip', 'spam_report', 'spam_score', 'subject', 'text', 'to'].sort());
    expect(f.from).toBe('Ann Lead <ann@acme.example>');
    expect(f.to).toBe('reply+tok123@replies.aicmo.example');
    expect(f.subject).toBe('Re: Quick question');
    expect(JSON.parse(f.envelope!)).toEqual({ to: ['reply+tok123@replies.aicmo.example'], from: 'ann@acme.example' });
    expect(JSON.parse(f.charsets!)).toMatchObject({ text: 'UTF-8' });
    expect(f.headers).toMatch(/^In-Reply-To: <e3\.0\.a@mail\.aicmo\.example>$/m);
    expect(f.headers).toMatch(/^References: <e3\.0\.a@mail\.aicmo\.example>$/m);
    expect(f.headers).toMatch(/^From: Ann Lead <ann@acme\.example>$/m);
    expect(f.headers).toMatch(/^To: reply\+tok123@replies\.aicmo\.example$/m);
    expect(f.headers).toMatch(/^Message-ID: <[0-9a-f]+@acme\.example>$/m);
    expect(f.headers).toMatch(/^Date: Tue, 01 Dec 2026 09:30:00 \+0000$/m);
    expect(f.headers).not.toMatch(/^Auto-Submitted:/m);
    expect(f.text).toMatch(/^Thanks — this looks relevant\. Could we talk next week\?\n\nOn Tue 1 Dec 2026 at 09:30, Rep <rep@mail\.aicmo\.example> wrote:\n> Hi Ann,\n>\n> Shall we talk\?/);
    expect(f.html).toContain('<blockquote class="gmail_quote"');
  });

  it('posts an out-of-office with Auto-Submitted and the return date as people write it, in the chosen language', async () => {
    const { mail } = await send('e3:0:b', { subject: 'Re: Quick question', headers: { ...step('x').headers, 'Message-ID': '<e3.1.b@mail.aicmo.example>', 'In-Reply-To': '<e3.0.b@mail.aicmo.example>', References: '<e3.0.b@mail.aicmo.example>' } });
    const cases: Array<[Record<string, unknown>, RegExp, string]> = [
      [{ kind: 'out-of-office', until: '2026-12-14' }, /I am out of the office until 14 December/, 'Automatic reply: Re: Quick question'],
      [{ kind: 'out-of-office', language: 'de', until: '2026-12-14' }, /Ich bin bis zum 14\.12\. nicht im Büro/, 'Automatische Antwort: Re: Quick question'],
      [{ kind: 'out-of-office', language: 'fr' }, /jusqu'au 6 décembre/, 'Réponse automatique : Re: Quick question'], // no until: 5 days on
    ];
    for (const [i, [body, text, subject]] of cases.entries()) {
      expect((await post(`/__sandbox/messages/${mail.sgMessageId}/reply`, body)).status).toBe(202);
      const f = await formFields((await parse.waitFor(i + 1))[i]!);
      expect(f.text).toMatch(text);
      expect(f.subject).toBe(subject);
      expect(f.headers).toMatch(/^Auto-Submitted: auto-replied$/m);
      expect(f.headers).toMatch(/^In-Reply-To: <e3\.1\.b@mail\.aicmo\.example>$/m);
      expect(f.headers).toMatch(/^References: <e3\.0\.b@mail\.aicmo\.example> <e3\.1\.b@mail\.aicmo\.example>$/m);
    }
  });

  it('retries a parse post answered 5xx, never one answered 4xx', async () => {
    const { mail } = await send('e3:0:c');
    parse.answer(503, 200);
    await post(`/__sandbox/messages/${mail.sgMessageId}/reply`, { kind: 'reply', text: 'Yes please.' });
    const [first, second] = await parse.waitFor(2, 3000);
    expect(second!.body.equals(first!.body)).toBe(true);
    parse.received.length = 0;
    parse.answer(401);
    await post(`/__sandbox/messages/${mail.sgMessageId}/reply`, { kind: 'reply' });
    await parse.waitFor(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(parse.received).toHaveLength(1);
    const log = sandbox.talkBack.log.list(10, 'inbound-parse').map((d) => [d.status, d.attempt, d.outcome]);
    expect(log).toEqual([
      [401, 1, 'refused'],
      [200, 2, 'delivered'],
      [503, 1, 'will-retry'],
    ]);
    expect(JSON.stringify(sandbox.talkBack.log.list())).not.toContain(PARSE_SECRET);
  });

  it('answers 404 for an unknown message and 422 naming the field', async () => {
    const { mail } = await send('e3:0:d');
    expect((await post('/__sandbox/messages/nope.0/reply', { kind: 'reply' })).status).toBe(404);
    const cases: Array<[unknown, string]> = [
      [{ kind: 'forward' }, 'kind'],
      [{ kind: 'reply', language: 'tlh' }, 'language'],
      [{ kind: 'out-of-office', until: '2026-02-30' }, 'until'],
      [{ kind: 'reply', until: '2026-12-24' }, 'until'],
      [{ kind: 'reply', text: '' }, 'text'],
    ];
    for (const [body, field] of cases) {
      const res = await post(`/__sandbox/messages/${mail.sgMessageId}/reply`, body);
      expect([res.status, ((await res.json()) as { errors: Array<{ field: string }> }).errors[0]!.field]).toEqual([422, field]);
    }
    expect(parse.received).toHaveLength(0);
  });
});

describe('PUT /__sandbox/webhook', () => {
  afterEach(async () => void (await post('/__sandbox/webhook', { paused: false, batchSize: 100, flushMs: 50, duplicateRate: 0, newIdRate: 0 })));

  it('changes delivery behaviour live and refuses bad values naming the field', async () => {
    const res = await post('/__sandbox/webhook', { paused: true, batchSize: 2 });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { settings: Record<string, unknown> }).settings).toMatchObject({ paused: true, batchSize: 2, flushMs: 50 });
    await send('e4:0:a');
    await new Promise((r) => setTimeout(r, 300));
    expect(events.received).toHaveLength(0); // paused: processed and delivered wait
    await post('/__sandbox/webhook', { paused: false });
    await eventsUntil(2);
    await new Promise((r) => setTimeout(r, 100));
    // Filtered: an earlier spec's delivered event may have been held by the pause too.
    expect(posted(events.received).filter((e) => e.ledger_key === 'e4:0:a').map((e) => e.event)).toEqual(['processed', 'delivered']);
    expect(events.received.some((r) => (JSON.parse(r.body.toString('utf8')) as Event[]).length === 2)).toBe(true); // batchSize 2 applied
    for (const [body, field] of [[{ duplicateRate: 2 }, 'duplicateRate'], [{ batchSize: 0 }, 'batchSize'], [{ flushMs: -1 }, 'flushMs'], [{ paused: 'no' }, 'paused'], [{ newIdRate: '0.1' }, 'newIdRate'], [{ colour: 1 }, 'colour']] as const) {
      const bad = await post('/__sandbox/webhook', body);
      expect([bad.status, ((await bad.json()) as { errors: Array<{ field: string }> }).errors[0]!.field]).toEqual([422, field]);
    }
  });
});

describe('the sent-mail page', () => {
  it('shows the buttons and the last deliveries; its forms queue the event or post the reply and redirect back', async () => {
    const { mail } = await send('e5:0:a');
    await eventsUntil(2);
    await new Promise((r) => setTimeout(r, 100));
    const html = await (await fetch(`${sandbox.url}/?to=ann@acme.example`)).text();
    for (const label of ['Open', 'Click', 'Reply', 'Out of office', 'Bounce', 'Spam report', 'Unsubscribe']) expect(html).toContain(`>${label}</button>`);
    expect(html).toContain('action="/__sandbox/forms/event"');
    expect(html).toContain('action="/__sandbox/forms/reply"');
    expect(html).toMatch(/Event Webhook → http:\/\/127\.0\.0\.1:\d+\/webhooks\/sendgrid\/events: <span>\d\d:\d\d:\d\d 200, 1 event\(s\), attempt 1<\/span>/);
    expect(html.replace(/<[^>]+>/g, '')).toContain('Posted back: processed: delivered 200 · delivered: delivered 200');
    expect(html).not.toContain(PARSE_SECRET);
    expect(html).not.toContain('<script');

    events.received.length = 0;
    const form = (path: string, fields: Record<string, string>) =>
      fetch(`${sandbox.url}${path}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    const open = await form('/__sandbox/forms/event', { id: mail.sgMessageId, to: 'ann@acme.example', type: 'open' });
    expect(open.status).toBe(303);
    const location = open.headers.get('location')!;
    expect(location).toMatch(/^\/\?to=ann%40acme\.example&notice=open\+queued/);
    expect(location.endsWith(`#m-${encodeURIComponent(mail.sgMessageId)}`)).toBe(true);
    expect((await eventsUntil(1))[0]).toMatchObject({ event: 'open', sg_machine_open: false, ledger_key: 'e5:0:a' });

    const reply = await form('/__sandbox/forms/reply', { id: mail.sgMessageId, kind: 'out-of-office', language: 'es' });
    expect(reply.status).toBe(303);
    const f = await formFields((await parse.waitFor(1))[0]!);
    expect(f.text).toMatch(/Estoy fuera de la oficina hasta el 6 de diciembre/);

    const after = await (await fetch(`${sandbox.url}${location}`)).text();
    expect(after).toContain('<p class="notice" role="status">open queued for the Event Webhook</p>');
    expect(after.replace(/<[^>]+>/g, '')).toMatch(/open: (queued|posting|delivered)/);

    // Another site's page cannot press the buttons; this page's own posts (Origin "null" under no-referrer) can.
    const foreign = (headers: Record<string, string>) =>
      fetch(`${sandbox.url}/__sandbox/forms/event`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: `id=${mail.sgMessageId}&type=unsubscribe` });
    expect((await foreign({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await foreign({ origin: 'http://evil.example' })).status).toBe(403);
    const sameSite = { 'sec-fetch-site': 'same-origin', origin: 'null' };
    expect((await form('/__sandbox/forms/event', { id: mail.sgMessageId, type: 'click' }).then(() => foreign(sameSite))).status).toBe(303);
    expect((await eventsUntil(3)).slice(1).map((e) => e.event)).toEqual(['click', 'unsubscribe']);

    const unknown = await form('/__sandbox/forms/event', { id: 'gone.0', type: 'open' });
    expect(decodeURIComponent(unknown.headers.get('location')!.replace(/\+/g, ' '))).toContain('no stored message has the id gone.0');
  });
});

describe('without webhook URLs (the old behaviour)', () => {
  it('posts nothing; the routes answer 409 and the buttons say why', async () => {
    const quiet = await startSendgridSandbox({ port: 0 });
    try {
      const client = new Client();
      client.setApiKey('SG.sandbox');
      client.setDefaultRequest('baseUrl', quiet.url);
      const [res] = await client.request({ method: 'POST', url: '/v3/mail/send', body: { personalizations: [{ to: [{ email: 'x@acme.example' }] }], from: { email: 'rep@mail.aicmo.example' }, subject: 'Hi', content: [{ type: 'text/plain', value: 'Hi' }] } });
      const id = `${res.headers['x-message-id']}.0`;
      const ev = await fetch(`${quiet.url}/__sandbox/messages/${id}/events`, { method: 'POST', body: JSON.stringify({ type: 'open' }) });
      expect(ev.status).toBe(409);
      expect(((await ev.json()) as { errors: Array<{ message: string }> }).errors[0]!.message).toContain('SENDGRID_SANDBOX_EVENT_WEBHOOK_URL');
      const rep = await fetch(`${quiet.url}/__sandbox/messages/${id}/reply`, { method: 'POST', body: JSON.stringify({ kind: 'reply' }) });
      expect(rep.status).toBe(409);
      const page = await (await fetch(`${quiet.url}/`)).text();
      expect(page).toContain('disabled title="the Event Webhook is off');
      expect(page).toContain('Inbound Parse: Inbound Parse is off: SENDGRID_SANDBOX_INBOUND_PARSE_URL is not set');
      expect(quiet.talkBack.log.list()).toHaveLength(0);
    } finally {
      await quiet.close();
    }
  });
});

import sgMail from '@sendgrid/mail';
import { Client } from '@sendgrid/client';
import { ActivityQueryError, parseActivityQuery } from './activity-query.js';
import { startSendgridSandbox, type SendgridSandbox } from './server.js';
import type { SentMail } from './store.js';

// What nurture needs from the sandbox: full requests kept, the Email Activity API, faults on demand, the page.
let sandbox: SendgridSandbox;
let clock = Date.parse('2026-03-02T09:00:00Z');

function pointAt(url: string): Client {
  const client = new Client();
  client.setApiKey('SG.sandbox');
  client.setDefaultRequest('baseUrl', url); // after setApiKey, which resets it
  sgMail.setClient(client);
  return client;
}

beforeAll(async () => {
  sandbox = await startSendgridSandbox({ port: 0, now: () => new Date(clock) });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.store.clear();
  sandbox.faults.clear();
  Object.assign(sandbox.activity, { access: 'enabled', lagMs: 0 });
  pointAt(sandbox.url);
});

const step = (ledgerKey: string, to = 'lead@example.com', extra: Record<string, unknown> = {}) => ({
  to,
  from: { email: 'rep@sender.example', name: 'Rep' },
  replyTo: { email: 'reply+tok123@replies.sender.example' },
  subject: 'Quick question',
  text: 'Hi Ann,\n\nUnsubscribe: https://app.example/u/abc\nAcme, 1 Main St',
  html: '<p>Hi Ann,</p><p><a href="https://app.example/u/abc">Unsubscribe</a> Acme, 1 Main St</p>',
  customArgs: { ledger_key: ledgerKey, enrolment_id: 'e-1', step: '0' },
  categories: ['demo', 'step-0'],
  headers: {
    'List-Unsubscribe': '<https://app.example/u/abc>, <mailto:unsub@sender.example?subject=abc>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'Message-ID': `<${ledgerKey.replace(/:/g, '.')}@sender.example>`,
  },
  ...extra,
});

async function activity(query: string | null, init: { limit?: number; auth?: string | null } = {}): Promise<{ status: number; body: { messages?: Array<Record<string, unknown>>; errors?: Array<{ field: string | null; message: string }> } }> {
  const url = new URL('/v3/messages', sandbox.url);
  if (query !== null) url.searchParams.set('query', query);
  url.searchParams.set('limit', String(init.limit ?? 10));
  const headers: Record<string, string> = init.auth === null ? {} : { Authorization: init.auth ?? 'Bearer SG.sandbox' };
  const res = await fetch(url, { headers });
  return { status: res.status, body: (await res.json()) as never };
}

async function sandboxMessages(query: string): Promise<SentMail[]> {
  return ((await (await fetch(`${sandbox.url}/__sandbox/messages${query}`)).json()) as { messages: SentMail[] }).messages;
}

function postFaults(body: unknown): Promise<Response> {
  return fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('accepted messages keep the whole request', () => {
  it('keeps reply_to, both parts, compliance and threading headers, custom_args, categories and send_at', async () => {
    const sendAt = Math.floor(clock / 1000) + 3600;
    const [res] = await sgMail.send({
      ...step('e-1:1:b'),
      headers: { ...step('e-1:1:b').headers, 'In-Reply-To': '<e-1.0.a@sender.example>', References: '<e-1.0.a@sender.example>' },
      sendAt,
    });
    const xMessageId = res.headers['x-message-id'] as string;
    const [kept] = await sandboxMessages('?custom_arg.ledger_key=e-1:1:b');
    expect(kept).toMatchObject({
      xMessageId,
      sgMessageId: `${xMessageId}.0`,
      replyTo: { email: 'reply+tok123@replies.sender.example' },
      text: expect.stringContaining('Unsubscribe: https://app.example/u/abc'),
      html: expect.stringContaining('<a href="https://app.example/u/abc">'),
      customArgs: { ledger_key: 'e-1:1:b', enrolment_id: 'e-1', step: '0' },
      categories: ['demo', 'step-0'],
      sendAt,
      headers: {
        'List-Unsubscribe': '<https://app.example/u/abc>, <mailto:unsub@sender.example?subject=abc>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'Message-ID': '<e-1.1.b@sender.example>',
        'In-Reply-To': '<e-1.0.a@sender.example>',
        References: '<e-1.0.a@sender.example>',
      },
      request: expect.objectContaining({ reply_to: { email: 'reply+tok123@replies.sender.example' }, send_at: sendAt }),
    });
    expect(await sandboxMessages('?custom_arg.ledger_key=e-1:1:a')).toEqual([]);
    expect(await sandboxMessages('?custom_arg.ledger_key=e-1:1:b&custom_arg.step=9')).toEqual([]);
  });
});

describe('the Email Activity API (GET /v3/messages)', () => {
  it("finds a message by unique_args['ledger_key'], in SendGrid's answer shape", async () => {
    const [res] = await sgMail.send(step('e-1:0:a'));
    await sgMail.send(step('e-2:0:a', 'other@example.com'));
    const found = await activity(`unique_args['ledger_key']="e-1:0:a"`);
    expect(found.status).toBe(200);
    expect(found.body.messages).toEqual([
      {
        from_email: 'rep@sender.example',
        msg_id: `${res.headers['x-message-id']}.0`,
        subject: 'Quick question',
        to_email: 'lead@example.com',
        status: 'delivered',
        opens_count: 0,
        clicks_count: 0,
        last_event_time: new Date(clock).toISOString(),
      },
    ]);
    expect((await activity(`unique_args['ledger_key']="e-9:0:a"`)).body.messages).toEqual([]);
  });

  it('works through @sendgrid/client exactly as the sender calls it', async () => {
    await sgMail.send(step('e-3:2:a'));
    const client = pointAt(sandbox.url);
    const [response, body] = await client.request({ method: 'GET', url: '/v3/messages', qs: { query: `unique_args['ledger_key']="e-3:2:a"`, limit: 10 } });
    expect(response.statusCode).toBe(200);
    expect((body as { messages: Array<{ to_email: string }> }).messages.map((m) => m.to_email)).toEqual(['lead@example.com']);
  });

  it('combines terms with AND and OR, and filters by msg_id', async () => {
    const [first] = await sgMail.send(step('e-4:0:a', 'ann@example.com'));
    await sgMail.send(step('e-4:1:a', 'ann@example.com'));
    await sgMail.send(step('e-5:0:a', 'bob@example.com'));
    const keys = async (q: string) => (await activity(q)).body.messages!.map((m) => m.msg_id);
    const id = `${first.headers['x-message-id']}.0`;
    expect(await keys(`unique_args['ledger_key']="e-4:0:a" AND to_email="ann@example.com"`)).toEqual([id]);
    expect(await keys(`unique_args['ledger_key']="e-4:0:a" AND to_email="bob@example.com"`)).toEqual([]);
    expect(await keys(`msg_id="${id}"`)).toEqual([id]);
    expect(await keys(`msg_id LIKE '${first.headers['x-message-id']}%'`)).toEqual([id]);
    expect(await keys(`to_email="bob@example.com" or (unique_args['enrolment_id']='e-1' AND unique_args["ledger_key"]="e-4:0:a")`)).toHaveLength(2);
    expect(await keys(`unique_args['ledger_key'] NOT LIKE "e-4:%" AND status="delivered"`)).toHaveLength(1);
  });

  it('answers 400 naming the query for a query it cannot read, and for a bad limit', async () => {
    for (const q of [`unique_args[ledger_key]="x"`, `nonsense="x"`, `msg_id="unterminated`, `msg_id = "a" AND`, `msg_id "a"`]) {
      const res = await activity(q);
      expect([q, res.status, res.body.errors?.[0]?.field]).toEqual([q, 400, 'query']);
    }
    expect((await activity(null, { limit: 1001 })).body.errors?.[0]?.field).toBe('limit');
    expect(() => parseActivityQuery('msg_id="a" msg_id="b"')).toThrow(ActivityQueryError);
  });

  it('needs a bearer key, and answers 403 "access forbidden" without the paid add-on', async () => {
    expect((await activity(null, { auth: null })).status).toBe(401);
    sandbox.activity.access = 'forbidden';
    expect(await activity(`unique_args['ledger_key']="e-1:0:a"`)).toEqual({ status: 403, body: { errors: [{ field: null, message: 'access forbidden', help: null }] } });
    // Switchable over HTTP too, for a running stack.
    const put = await fetch(`${sandbox.url}/__sandbox/activity`, { method: 'PUT', body: JSON.stringify({ access: 'enabled', lagMs: 5000 }) });
    expect(await put.json()).toEqual({ access: 'enabled', lagMs: 5000 });
    expect((await activity(null)).status).toBe(200);
  });

  it('shows a message only after the configured lag', async () => {
    sandbox.activity.lagMs = 30_000;
    await sgMail.send(step('e-6:0:a'));
    const query = `unique_args['ledger_key']="e-6:0:a"`;
    expect((await activity(query)).body.messages).toEqual([]);
    clock += 29_999;
    expect((await activity(query)).body.messages).toEqual([]);
    clock += 1;
    expect((await activity(query)).body.messages).toHaveLength(1);
  });
});

describe('faults on demand (/__sandbox/faults), each consumed by one send in order', () => {
  async function outcome(ledgerKey: string): Promise<{ status?: number; retryAfter?: string | null; error?: string }> {
    try {
      const [res] = await sgMail.send(step(ledgerKey));
      return { status: res.statusCode };
    } catch (error) {
      const e = error as { code?: unknown; response?: { headers?: Record<string, string> }; message?: string };
      if (typeof e.code === 'number') return { status: e.code, retryAfter: e.response?.headers?.['retry-after'] ?? null };
      return { error: String(e.code ?? e.message) };
    }
  }

  it('answers 429 with Retry-After, then 500, keeping nothing, then sends normally again', async () => {
    const posted = await postFaults([{ kind: 'rate-limit', retryAfterSeconds: 7 }, { kind: 'server-error' }]);
    expect(await posted.json()).toEqual({ queued: 2 });
    expect(await outcome('f-1:0:a')).toEqual({ status: 429, retryAfter: '7' });
    expect(await outcome('f-1:0:a')).toEqual({ status: 500, retryAfter: null });
    expect(await sandboxMessages('?custom_arg.ledger_key=f-1:0:a')).toEqual([]);
    expect(await outcome('f-1:0:a')).toEqual({ status: 202 });
    expect(await sandboxMessages('?custom_arg.ledger_key=f-1:0:a')).toHaveLength(1);
  });

  it('resets the connection after accepting and keeping the message: only the activity lookup can tell', async () => {
    await postFaults({ faults: [{ kind: 'reset-after-accept' }] });
    expect(await outcome('f-2:0:a')).toEqual({ error: expect.stringMatching(/ECONNRESET|socket hang up/) });
    expect(await sandboxMessages('?custom_arg.ledger_key=f-2:0:a')).toHaveLength(1);
    expect((await activity(`unique_args['ledger_key']="f-2:0:a"`)).body.messages).toHaveLength(1);
  });

  it('never answers a send given the timeout fault (the sender gives up); nothing is kept', async () => {
    await postFaults([{ kind: 'timeout' }]);
    const client = pointAt(sandbox.url);
    client.setDefaultRequest('timeout' as never, 300 as never);
    const started = Date.now();
    expect(await outcome('f-3:0:a')).toEqual({ error: expect.stringMatching(/ECONNABORTED|timeout/i) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(await sandboxMessages('?custom_arg.ledger_key=f-3:0:a')).toEqual([]);
  });

  it('repeats a fault `times` times, lists what is pending, and DELETE clears it', async () => {
    await postFaults([{ kind: 'server-error', times: 3 }]);
    expect(await outcome('f-4:0:a')).toMatchObject({ status: 500 });
    expect(await (await fetch(`${sandbox.url}/__sandbox/faults`)).json()).toEqual({ pending: [{ kind: 'server-error' }, { kind: 'server-error' }] });
    expect((await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'DELETE' })).status).toBe(204);
    expect(await outcome('f-4:0:a')).toEqual({ status: 202 });
  });

  it('refuses a fault list it does not understand, queueing none of it', async () => {
    for (const body of [{ kind: 'server-error' }, [{ kind: 'explode' }], [{ kind: 'timeout', times: 0 }], [{ kind: 'rate-limit', retryAfterSeconds: -1 }]]) {
      const res = await postFaults(body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
    }
    expect(sandbox.faults.pending()).toEqual([]);
  });

  it('does not spend a fault on a request refused for its key', async () => {
    await postFaults([{ kind: 'server-error' }]);
    const res = await fetch(`${sandbox.url}/v3/mail/send`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    expect(sandbox.faults.pending()).toHaveLength(1);
  });
});

describe('the sent-mail page', () => {
  it('shows time, from, to, subject, compliance headers, the thread marker and both parts, newest first', async () => {
    await sgMail.send(step('p-1:0:a'));
    const { 'List-Unsubscribe-Post': _dropped, ...withoutPost } = step('p-1:1:a').headers;
    await sgMail.send({ ...step('p-1:1:a'), subject: 'Re: Quick question', headers: { ...withoutPost, 'In-Reply-To': '<p-1.0.a@sender.example>' } });
    const res = await fetch(`${sandbox.url}/`);
    expect(res.headers.get('content-security-policy')).toContain("frame-src 'self'");
    const html = await res.text();
    const first = html.indexOf('Re: Quick question');
    const second = html.indexOf('Quick question <span');
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first); // newest first
    expect(html).toContain('↳ reply in thread &#60;p-1.0.a@sender.example&#62;');
    expect(html).toContain('starts a thread');
    expect(html).toContain('<dt>List-Unsubscribe-Post</dt><dd>List-Unsubscribe=One-Click</dd>');
    expect(html).toContain('<dt>List-Unsubscribe-Post</dt><dd><span class="missing">missing</span></dd>');
    expect(html).toContain('Rep &#60;rep@sender.example&#62;');
    expect(html).toContain('Unsubscribe: https://app.example/u/abc'); // text part
    expect(html).toMatch(/<iframe sandbox loading="lazy" title="HTML part" src="\/message-html\?id=[A-Za-z0-9_-]{22}\.0">/);
  });

  it('serves the HTML part under a sandboxing CSP for the frame', async () => {
    const [res] = await sgMail.send(step('p-2:0:a'));
    const part = await fetch(`${sandbox.url}/message-html?id=${res.headers['x-message-id']}.0`);
    expect(part.status).toBe(200);
    expect(part.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
    expect(await part.text()).toBe(step('p-2:0:a').html);
    expect((await fetch(`${sandbox.url}/message-html?id=nope`)).status).toBe(404);
  });

  it('pages 10,000 messages 50 at a time, quickly', async () => {
    const personalizations = Array.from({ length: 1000 }, (_, i) => ({ to: `r${i}@example.com`, customArgs: { ledger_key: `bulk:${i}` } }));
    for (let batch = 0; batch < 10; batch++) await sgMail.send({ ...step('bulk'), to: undefined, personalizations } as never);
    expect(sandbox.store.size).toBe(10_000);
    const started = performance.now();
    const page = await (await fetch(`${sandbox.url}/?page=200`)).text();
    const last = await (await fetch(`${sandbox.url}/?page=999`)).text(); // past the end: the last page
    expect(performance.now() - started).toBeLessThan(1000);
    expect(page.match(/<article\b/g)).toHaveLength(50);
    expect(page).toContain('page 200 of 200');
    expect(last).toContain('page 200 of 200');
    expect(page).toContain('r0@example.com'); // the oldest message is on the last page
    const newest = await (await fetch(`${sandbox.url}/`)).text();
    expect(newest).toContain('page 1 of 200');
    expect(newest).toContain('r999@example.com');
  });
});

import sgMail from '@sendgrid/mail';
import { Client } from '@sendgrid/client';
import { startSendgridSandbox, type SendgridSandbox } from './server.js';
import type { SentMail } from './store.js';

// Drives the sandbox with the real @sendgrid/mail client, pointed at it exactly as the app will be.
let sandbox: SendgridSandbox;

function pointAt(url: string, configure: (client: Client) => void = (c) => c.setApiKey('SG.sandbox')): void {
  const client = new Client();
  configure(client);
  // After setApiKey: it resets baseUrl to api.sendgrid.com.
  client.setDefaultRequest('baseUrl', url);
  sgMail.setClient(client);
}

beforeAll(async () => {
  sandbox = await startSendgridSandbox({ port: 0 });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.store.clear();
  pointAt(sandbox.url);
});

const base = {
  to: 'lead@example.com',
  from: { email: 'sender@example.org', name: 'AICMO' },
  subject: 'Hello',
  text: 'Hi there',
  html: '<p>Hi there</p>',
};

interface SgFailure {
  code: number;
  response: { body: { errors: Array<{ message: string; field: string | null; help: string | null }> } };
}

/** Send and return the SendGrid error (status + body); fails the test if the send is accepted. */
async function rejection(data: object): Promise<{ code: number; fields: Array<string | null>; errors: SgFailure['response']['body']['errors'] }> {
  try {
    await sgMail.send(data as Parameters<typeof sgMail.send>[0]);
  } catch (error) {
    const e = error as Partial<SgFailure>;
    if (e.response && typeof e.code === 'number') {
      const errors = e.response.body.errors;
      return { code: e.code, fields: errors.map((x) => x.field), errors };
    }
    throw error;
  }
  throw new Error('expected the sandbox to refuse the send');
}

async function listed(query = ''): Promise<SentMail[]> {
  const res = await fetch(`${sandbox.url}/api/messages${query}`);
  return ((await res.json()) as { messages: SentMail[] }).messages;
}

function rawSend(body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${sandbox.url}/v3/mail/send`, {
    method: 'POST',
    headers: { Authorization: 'Bearer SG.sandbox', 'Content-Type': 'application/json', ...headers },
    body,
  });
}

describe('accepted sends', () => {
  it('answers 202 with an X-Message-Id and lists the message', async () => {
    const [response] = await sgMail.send({
      ...base,
      customArgs: { send_key: 't1:l1:c1:s1' },
      categories: ['nurture', 'step-1'],
      headers: { 'List-Unsubscribe': '<https://example.org/u/abc>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    expect(response.statusCode).toBe(202);
    const id = response.headers['x-message-id'] as string;
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const [mail] = await listed('?to=LEAD@example.com');
    expect(mail).toMatchObject({
      sgMessageId: `${id}.0`,
      xMessageId: id,
      to: [{ email: 'lead@example.com' }],
      from: { email: 'sender@example.org', name: 'AICMO' },
      subject: 'Hello',
      text: 'Hi there',
      html: '<p>Hi there</p>',
      customArgs: { send_key: 't1:l1:c1:s1' },
      categories: ['nurture', 'step-1'],
      headers: { 'List-Unsubscribe': '<https://example.org/u/abc>' },
    });
    expect(Date.parse(mail!.receivedAt)).not.toBeNaN();
  });

  it('keeps one record per personalization, newest first, with personalization overrides applied', async () => {
    const [response] = await sgMail.send({
      from: base.from,
      subject: 'Default',
      text: 'Hello {{name}}',
      customArgs: { campaign: 'c1' },
      personalizations: [
        { to: 'a@example.com', customArgs: { lead: 'l-a' }, substitutions: { name: 'Ann' } },
        { to: [{ email: 'b@example.com' }], subject: 'For B', customArgs: { lead: 'l-b' }, substitutions: { name: 'Bob' } },
      ],
    });
    const id = response.headers['x-message-id'];
    const mails = await listed();
    expect(mails.map((m) => [m.sgMessageId, m.to[0]!.email, m.subject, m.text, m.customArgs])).toEqual([
      [`${id}.1`, 'b@example.com', 'For B', 'Hello Bob', { campaign: 'c1', lead: 'l-b' }],
      [`${id}.0`, 'a@example.com', 'Default', 'Hello Ann', { campaign: 'c1', lead: 'l-a' }],
    ]);
    expect(await listed('?to=a@example.com&limit=5')).toHaveLength(1);
  });

  it('accepts a subject given in every personalization, and a template without content or subject', async () => {
    const { subject: _s, ...noSubject } = base;
    await expect(sgMail.send({ ...noSubject, to: undefined, personalizations: [{ to: 'x@example.com', subject: 'Per-recipient' }] })).resolves.toBeDefined();
    const [res] = await sgMail.send({ to: 'y@example.com', from: base.from, templateId: 'd-0123456789abcdef', dynamicTemplateData: { first: 'Y' } });
    expect(res.statusCode).toBe(202);
    expect((await listed('?to=y@example.com'))[0]).toMatchObject({ templateId: 'd-0123456789abcdef', dynamicTemplateData: { first: 'Y' } });
  });

  it('accepts send_at up to 72 hours ahead', async () => {
    const sendAt = Math.floor(Date.now() / 1000) + 71 * 3600;
    const [res] = await sgMail.send({ ...base, sendAt });
    expect(res.statusCode).toBe(202);
    expect((await listed())[0]!.sendAt).toBe(sendAt);
  });

  it('validates but does not keep mail in sandbox mode (200, like SendGrid)', async () => {
    const [res] = await sgMail.send({ ...base, mailSettings: { sandboxMode: { enable: true } } });
    expect(res.statusCode).toBe(200);
    expect(await listed()).toHaveLength(0);
  });
});

describe('validation like SendGrid (400 with field)', () => {
  const cases: Array<[string, object, string]> = [
    ['no personalizations', { ...base, to: undefined, personalizations: [] }, 'personalizations'],
    ['a personalization without to', { ...base, to: undefined, personalizations: [{ cc: 'c@example.com' }] }, 'personalizations.0.to'],
    ['an invalid to address', { ...base, to: 'not-an-email' }, 'personalizations.0.to.0.email'],
    ['an invalid cc address', { ...base, cc: 'bad@@example.com' }, 'personalizations.0.cc.0.email'],
    ['no from', { ...base, from: undefined }, 'from.email'],
    ['an invalid from address', { ...base, from: 'sender@localhost' }, 'from.email'],
    ['no subject', { ...base, subject: undefined }, 'subject'],
    ['no content', { ...base, text: undefined, html: undefined }, 'content'],
    ['empty content value', { ...base, text: '', html: undefined }, 'content.0.value'],
    ['text/html before text/plain', { ...base, text: undefined, html: undefined, content: [{ type: 'text/html', value: '<p>x</p>' }, { type: 'text/plain', value: 'x' }] }, 'content'],
    ['a non-string custom_args value', { ...base, customArgs: { attempt: 3 } }, 'custom_args.attempt'],
    ['custom_args over 10,000 bytes', { ...base, customArgs: { blob: 'x'.repeat(10_000) } }, 'custom_args'],
    ['11 categories', { ...base, categories: Array.from({ length: 11 }, (_, i) => `c${i}`) }, 'categories'],
    ['a 256-character category', { ...base, categories: ['ok', 'x'.repeat(256)] }, 'categories.1'],
    ['send_at more than 72 hours ahead', { ...base, sendAt: Math.floor(Date.now() / 1000) + 73 * 3600 }, 'send_at'],
  ];

  it.each(cases)('refuses %s', async (_name, data, field) => {
    const { code, fields, errors } = await rejection(data);
    expect(code).toBe(400);
    expect(fields).toContain(field);
    expect(errors.every((e) => e.message.length > 0 && e.help?.startsWith('http://sendgrid.com/docs/'))).toBe(true);
    expect(await listed()).toHaveLength(0);
  });

  it('refuses more than 1000 personalizations and more than 1000 recipients', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ to: `r${i}@example.com` }));
    const tooMany = await rejection({ ...base, to: undefined, personalizations: many });
    expect(tooMany.errors.find((e) => e.field === 'personalizations' && e.message.includes('1001 personalizations'))).toBeDefined();

    const oneBig = await rejection({ ...base, to: many.map((p) => p.to) });
    expect(oneBig.errors).toEqual([expect.objectContaining({ field: 'personalizations', message: expect.stringContaining('1000 total recipients') })]);
  });

  it('reports several problems together, not just the first', async () => {
    const { code, fields } = await rejection({
      to: 'nope',
      subject: undefined,
      text: 'x',
      categories: Array.from({ length: 12 }, (_, i) => `c${i}`),
      customArgs: { n: 1 },
    });
    expect(code).toBe(400);
    expect(fields).toEqual(expect.arrayContaining(['personalizations.0.to.0.email', 'from.email', 'subject', 'categories', 'custom_args.n']));
  });

  it('refuses every reserved header, each named in its own error', async () => {
    const reserved = ['x-sg-id', 'X-SG-EID', 'Received', 'DKIM-Signature', 'Content-Type', 'Content-Transfer-Encoding', 'To', 'From', 'Subject', 'Reply-To', 'CC', 'BCC'];
    // Note: @sendgrid/mail also copies these onto the HTTP request, so Content-Type here replaces application/json.
    const { code, fields } = await rejection({ ...base, headers: Object.fromEntries(reserved.map((h) => [h, 'x'])) });
    expect(code).toBe(400);
    expect(fields.sort()).toEqual(reserved.map((h) => `headers.${h}`).sort());
  });

  it('refuses CR/LF header injection in names and values, message- and personalization-level', async () => {
    const evil = { 'X-Lead-Ref': 'abc\r\nBcc: victim@example.com' };
    expect(await rejection({ ...base, headers: evil })).toMatchObject({ code: 400, fields: ['headers.X-Lead-Ref'] });

    // Raw request too: header names with CR/LF cannot travel through the client's HTTP headers at all.

    const res = await rawSend(JSON.stringify({
      personalizations: [{ to: [{ email: 'lead@example.com' }], headers: { 'X-Other': 'a\nb' } }],
      from: { email: 'sender@example.org' },
      subject: 'Hi',
      content: [{ type: 'text/plain', value: 'x' }],
      headers: { ...evil, 'Bad\r\nName': 'x' },
    }));
    expect(res.status).toBe(400);
    const fields = ((await res.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['headers.X-Lead-Ref', 'headers.Bad\r\nName', 'personalizations.0.headers.X-Other']));
    expect(await listed()).toHaveLength(0);
  });
});

describe('request-level errors', () => {
  it('answers 413 for a body over 30 MB', async () => {
    const { code, errors } = await rejection({ ...base, text: 'x'.repeat(30 * 1024 * 1024), html: undefined });
    expect(code).toBe(413);
    expect(errors[0]).toMatchObject({ field: null, message: expect.stringContaining('too large') });
    await expect(sgMail.send(base)).resolves.toBeDefined(); // the server is still fine afterwards
  });

  it('answers 401 without a bearer token, in SendGrid\'s body shape', async () => {
    pointAt(sandbox.url, () => undefined); // no API key at all
    expect(await rejection(base)).toMatchObject({ code: 401, errors: [{ field: null, message: 'authorization required', help: null }] });

    pointAt(sandbox.url, (c) => c.setTwilioEmailAuth('user', 'pass')); // Basic, not Bearer
    expect(await rejection(base)).toMatchObject({ code: 401, errors: [{ field: null, message: expect.stringContaining('authorization grant is invalid') }] });

    const res = await rawSend(JSON.stringify({}), { Authorization: 'Bearer ' });
    expect(res.status).toBe(401);
  });

  it('answers 400 with a clear message for malformed JSON', async () => {
    const res = await rawSend('{"personalizations": [');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Array<{ field: unknown; message: string }> };
    expect(body.errors).toEqual([expect.objectContaining({ field: null, message: expect.stringMatching(/^The request body is not valid JSON: /) })]);
  });

  it('answers 404 for unknown paths and 405 for wrong methods', async () => {
    expect((await fetch(`${sandbox.url}/v3/nope`)).status).toBe(404);
    const res = await fetch(`${sandbox.url}/v3/mail/send`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});

describe('inspection endpoints', () => {
  it('serves the sent-mail page with all content escaped', async () => {
    await sgMail.send({ ...base, subject: '<script>alert("x")</script>', from: { email: 'sender@example.org', name: '<img src=x onerror=alert(1)>' } });
    const res = await fetch(`${sandbox.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;p&#62;Hi there&#60;/p&#62;'); // the HTML part is shown as source
  });

  it('health, limit validation and DELETE /api/messages', async () => {
    expect(await (await fetch(`${sandbox.url}/health`)).json()).toEqual({ status: 'ok' });
    await sgMail.send(base);
    expect((await fetch(`${sandbox.url}/api/messages?limit=0`)).status).toBe(400);
    expect(await listed()).toHaveLength(1);
    expect((await fetch(`${sandbox.url}/api/messages`, { method: 'DELETE' })).status).toBe(204);
    expect(await listed()).toHaveLength(0);
  });
});

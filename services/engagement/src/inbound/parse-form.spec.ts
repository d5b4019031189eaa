import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { EngagementError } from '../engagement-errors.js';
import { decodeField, readParsePost, type ParseLimits } from './parse-form.js';

/** A multipart body as fetch would send it, as a request stream with its headers. */
async function request(form: FormData, extra: Record<string, string> = {}) {
  const res = new Response(form);
  const body = Buffer.from(await res.arrayBuffer());
  const stream = Readable.from([body]) as Readable & { headers: Record<string, string> };
  stream.headers = { 'content-type': res.headers.get('content-type')!, 'content-length': String(body.length), ...extra };
  return stream;
}

/** Fields given as raw bytes (Inbound Parse sends each in the charset `charsets` names). */
function rawMultipart(fields: Array<[string, Buffer]>) {
  const boundary = 'xYzBoundary';
  const parts = fields.map(([name, value]) => Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`), value, Buffer.from('\r\n')]));
  const body = Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]);
  const stream = Readable.from([body]) as Readable & { headers: Record<string, string> };
  stream.headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
  return stream;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return (err as EngagementError).code;
  }
}

describe('readParsePost', () => {
  it('reads the known fields, drops attachments and unknown fields, and hashes the body', async () => {
    const form = new FormData();
    form.set('from', 'Anna <anna@acme.example>');
    form.set('text', 'Yes, let’s talk — gern.');
    form.set('attachment1', new Blob(['%PDF-1.7 …']), 'offer.pdf');
    form.set('surprise', 'ignored');
    form.set('charsets', JSON.stringify({ from: 'UTF-8', text: 'UTF-8' }));
    const read = await readParsePost(await request(form));
    expect(read.post).toEqual({ from: 'Anna <anna@acme.example>', text: 'Yes, let’s talk — gern.', charsets: expect.any(String) });
    expect(read.bytes).toBeGreaterThan(100);
    expect(read.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('decodes each field by the charset SendGrid names for it', async () => {
    const read = await readParsePost(
      rawMultipart([
        ['text', iconv.encode('Grüße aus Köln, à bientôt', 'iso-8859-1')],
        ['subject', iconv.encode('Re: Привет', 'koi8-r')],
        ['from', Buffer.from('José <jose@acme.example>')],
        ['charsets', Buffer.from(JSON.stringify({ text: 'iso-8859-1', subject: 'KOI8-R', from: 'UTF-8' }))],
      ]),
    );
    expect(read.post).toMatchObject({ text: 'Grüße aus Köln, à bientôt', subject: 'Re: Привет', from: 'José <jose@acme.example>' });
  });

  it('falls back to UTF-8 for an unknown or missing charset', () => {
    expect(decodeField(Buffer.from('Grüße').toString('latin1'), 'x-made-up')).toBe('Grüße');
    expect(decodeField(Buffer.from('Grüße').toString('latin1'), undefined)).toBe('Grüße');
  });

  it('refuses a body that is not multipart with 415', async () => {
    const stream = Readable.from([Buffer.from('{"text":"hi"}')]) as Readable & { headers: Record<string, string> };
    stream.headers = { 'content-type': 'application/json' };
    expect(await codeOf(readParsePost(stream))).toBe('unsupported_media_type');
  });

  it('refuses a field over the field limit with 413 instead of cutting it', async () => {
    const limits: ParseLimits = { fieldBytes: 1_000, totalBytes: 100_000 };
    const form = new FormData();
    form.set('text', 'x'.repeat(1_001));
    expect(await codeOf(readParsePost(await request(form), limits))).toBe('payload_too_large');
  });

  it('refuses a body over the total limit with 413, counting attachments, declared or not', async () => {
    const limits: ParseLimits = { fieldBytes: 1_000, totalBytes: 10_000 };
    const form = new FormData();
    form.set('text', 'hi');
    form.set('attachment1', new Blob([Buffer.alloc(20_000)]), 'big.bin');
    expect(await codeOf(readParsePost(await request(form), limits))).toBe('payload_too_large');
    const undeclared = await request(form);
    delete undeclared.headers['content-length'];
    expect(await codeOf(readParsePost(undeclared, limits))).toBe('payload_too_large');
  });

  it('refuses a multipart type without a boundary and a malformed body with 400', async () => {
    const stream = Readable.from([Buffer.from('nothing')]) as Readable & { headers: Record<string, string> };
    stream.headers = { 'content-type': 'multipart/form-data' };
    expect(await codeOf(readParsePost(stream))).toBe('invalid_request');
    const cut = Readable.from([Buffer.from('--b\r\nContent-Disposition: form-data; name="text"\r\n\r\nunfinished')]) as Readable & { headers: Record<string, string> };
    cut.headers = { 'content-type': 'multipart/form-data; boundary=b' };
    expect(await codeOf(readParsePost(cut))).toBe('invalid_request');
  });
});

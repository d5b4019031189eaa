import { validateMailSend } from './validate.js';

// Rules the @sendgrid/mail helper would stop client-side are checked here directly on the wire format.
const NOW = Date.UTC(2025, 0, 1);
const valid = () => ({
  personalizations: [{ to: [{ email: 'lead@example.com' }] }],
  from: { email: 'sender@example.org' },
  subject: 'Hello',
  content: [{ type: 'text/plain', value: 'x' }, { type: 'text/html', value: '<p>x</p>' }],
});
const fields = (body: unknown) => validateMailSend(body, NOW).map((e) => e.field);

describe('validateMailSend', () => {
  it('accepts a minimal valid message', () => {
    expect(validateMailSend(valid(), NOW)).toEqual([]);
  });

  it('refuses a body that is not an object', () => {
    expect(validateMailSend([], NOW)).toEqual([expect.objectContaining({ field: null, message: 'Invalid type. Expected: object, given: array.' })]);
  });

  it('checks send_at type and horizon at message and personalization level', () => {
    const horizon = NOW / 1000 + 72 * 3600;
    expect(fields({ ...valid(), send_at: horizon })).toEqual([]);
    expect(fields({ ...valid(), send_at: horizon + 1 })).toEqual(['send_at']);
    expect(fields({ ...valid(), send_at: '1700000000' })).toEqual(['send_at']);
    expect(fields({ ...valid(), personalizations: [{ to: [{ email: 'a@example.com' }], send_at: 1.5 }] })).toEqual(['personalizations.0.send_at']);
  });

  it('applies the custom_args byte limit to message + personalization args together', () => {
    const half = 'x'.repeat(5_000);
    const body = { ...valid(), custom_args: { a: half }, personalizations: [{ to: [{ email: 'a@example.com' }], custom_args: { b: half, n: 1 } }] };
    expect(fields(body)).toEqual(['personalizations.0.custom_args.n', 'personalizations.0.custom_args']);
  });

  it('refuses duplicate addresses across to/cc/bcc of one personalization', () => {
    const body = { ...valid(), personalizations: [{ to: [{ email: 'a@example.com' }], bcc: [{ email: 'A@Example.com' }] }] };
    expect(validateMailSend(body, NOW)).toEqual([expect.objectContaining({ field: 'personalizations.0', message: expect.stringContaining('personalizations.0.bcc') })]);
  });

  it('refuses CR/LF in subjects and display names, and bad header names or values', () => {
    const body = {
      ...valid(),
      subject: 'Hi\r\nBcc: x@example.com',
      from: { email: 'sender@example.org', name: 'A\nB' },
      headers: { 'X:Colon': 'v', 'X-Num': 5 },
    };
    expect(fields(body)).toEqual(['from.name', 'subject', 'headers.X:Colon', 'headers.X-Num']);
  });

  it('checks content types and the text/plain, text/html order', () => {
    expect(fields({ ...valid(), content: [{ type: 'text/plain; charset=utf-8', value: 'x' }] })).toEqual(['content.0.type']);
    expect(fields({ ...valid(), content: [{ type: 'text/calendar', value: 'x' }, { type: 'text/plain', value: 'x' }] })).toEqual(['content']);
    expect(fields({ ...valid(), content: [{ type: 'text/html', value: 'x' }, { type: 'text/calendar', value: 'x' }] })).toEqual([]);
  });

  it('requires a subject in every personalization when the message has none', () => {
    const body = { ...valid(), subject: undefined, personalizations: [{ to: [{ email: 'a@example.com' }], subject: 'A' }, { to: [{ email: 'b@example.com' }] }] };
    expect(fields(body)).toEqual(['subject']);
  });

  it('checks attachments, asm, reply_to and template_id shapes', () => {
    const body = { ...valid(), attachments: [{ content: '', filename: 'a.txt' }], asm: { group_id: '7' }, reply_to: { email: 'no' }, template_id: 5 };
    expect(fields(body)).toEqual(['template_id', 'reply_to.email', 'attachments.0.content', 'asm.group_id']);
  });
});

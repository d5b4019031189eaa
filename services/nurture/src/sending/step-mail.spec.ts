import { ledgerKeyOf, stepMail } from './step-mail.js';

describe('stepMail', () => {
  const mail = stepMail({
    from: { email: 'ana@sender.example', name: 'Ana' },
    to: { email: 'lead@acme.example', name: 'Lee Ray' },
    replyTo: 'reply+tok@reply.example',
    subject: 'Re: Hello',
    html: '<p>Hi</p>',
    text: 'Hi',
    headers: { 'Message-ID': '<x@mail.example>' },
    ledgerKey: ledgerKeyOf('e-1', 1, 'b'),
    enrolmentId: 'e-1',
    step: 1,
    campaignId: 'spring',
  });

  it('keys the ledger by enrolment, step and variant', () => {
    expect(ledgerKeyOf('e-1', 1, 'b')).toBe('e-1/1/b');
    expect(ledgerKeyOf('e-1', 0, null)).toBe('e-1/0/-');
  });

  it('carries only opaque ids in custom_args and categories', () => {
    expect(mail.customArgs).toEqual({ ledger_key: 'e-1/1/b', enrolment_id: 'e-1', step: '1', campaign_id: 'spring' });
    expect(mail.categories).toEqual(['spring', 'step-1']);
    const tracking = JSON.stringify([mail.customArgs, mail.categories]);
    expect(tracking).not.toMatch(/lead@acme|Lee Ray|@/);
  });

  it('has both parts, text first', () => {
    expect((mail as { content: Array<{ type: string }> }).content.map((c) => c.type)).toEqual(['text/plain', 'text/html']);
  });
});

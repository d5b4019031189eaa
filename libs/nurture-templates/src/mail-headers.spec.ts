import { ComplianceError } from './compliance-footer.js';
import { complianceHeaders, newMessageId, threadHeaders, threadSubject } from './mail-headers.js';

describe('complianceHeaders', () => {
  it('lists the https one-click URL, and says one-click (RFC 8058)', () => {
    expect(complianceHeaders({ unsubscribeUrl: 'https://cam.example/unsubscribe/u1.a.b' })).toEqual({
      'List-Unsubscribe': '<https://cam.example/unsubscribe/u1.a.b>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('adds the mailto second when configured, as given or built from an address', () => {
    expect(complianceHeaders({ unsubscribeUrl: 'https://cam.example/u/t', unsubscribeMailto: 'unsubscribe@acme.example' })['List-Unsubscribe']).toBe(
      '<https://cam.example/u/t>, <mailto:unsubscribe@acme.example?subject=unsubscribe>',
    );
    expect(complianceHeaders({ unsubscribeUrl: 'https://cam.example/u/t', unsubscribeMailto: 'mailto:u@acme.example?subject=stop' })['List-Unsubscribe']).toBe(
      '<https://cam.example/u/t>, <mailto:u@acme.example?subject=stop>',
    );
  });

  it.each(['http://cam.example/u/t', 'ftp://cam.example/u', 'not a url', 'mailto:u@acme.example'])('refuses %s as the unsubscribe URL', (unsubscribeUrl) => {
    expect(() => complianceHeaders({ unsubscribeUrl })).toThrow(ComplianceError);
  });

  it('refuses a malformed mailto, and keeps the header on one line', () => {
    expect(() => complianceHeaders({ unsubscribeUrl: 'https://cam.example/u', unsubscribeMailto: 'not an address' })).toThrow(ComplianceError);
    expect(() => complianceHeaders({ unsubscribeUrl: 'https://cam.example/u', unsubscribeMailto: 'mailto:a@b.example>\r\nBcc: x@y' })).toThrow(ComplianceError);
    expect(complianceHeaders({ unsubscribeUrl: 'https://cam.example/u/a b>\r\nX: y' })['List-Unsubscribe']).toBe('<https://cam.example/u/a%20b%3EX:%20y>');
  });
});

describe('threading', () => {
  const first = '<a1b2.c3@mail.cam.example>';
  const later = '<d4e5.f6@mail.cam.example>';

  it('a follow-up replies under the first step', () => {
    expect(threadHeaders({ messageId: later, threadMessageId: first, newThread: false })).toEqual({ 'Message-ID': later, 'In-Reply-To': first, References: first });
  });

  it('the first step, and a step that starts a new thread, carry only their own Message-ID', () => {
    expect(threadHeaders({ messageId: first, threadMessageId: null, newThread: false })).toEqual({ 'Message-ID': first });
    expect(threadHeaders({ messageId: first, threadMessageId: first, newThread: false })).toEqual({ 'Message-ID': first });
    expect(threadHeaders({ messageId: later, threadMessageId: first, newThread: true })).toEqual({ 'Message-ID': later });
  });

  it('refuses something that is not a Message-ID', () => {
    expect(() => threadHeaders({ messageId: 'abc', threadMessageId: null, newThread: false })).toThrow(RangeError);
    expect(() => threadHeaders({ messageId: later, threadMessageId: '<x@y>\r\nBcc: z', newThread: false })).toThrow(RangeError);
  });

  it('follow-ups keep the first subject with "Re: " once', () => {
    expect(threadSubject('Quick question, Ana', 'Following up', false)).toBe('Re: Quick question, Ana');
    expect(threadSubject('Re: Quick question', 'Following up', false)).toBe('Re: Quick question');
    expect(threadSubject('RE: Re[2]: AW: Quick question', 'Following up', false)).toBe('Re: Quick question');
  });

  it('a new thread, or no first subject, keeps the step’s own subject', () => {
    expect(threadSubject('Quick question, Ana', 'A new idea for Acme', true)).toBe('A new idea for Acme');
    expect(threadSubject(null, 'A new idea for Acme', false)).toBe('A new idea for Acme');
  });
});

describe('newMessageId', () => {
  const key = '6f1c3a52-8a7e-4e0b-9d51-0c1e2f3a4b5c/2/b';

  it('is <opaque@domain>, fresh every time, with nothing of the ledger key readable', () => {
    const a = newMessageId(key, 'mail.cam.example');
    const b = newMessageId(key, 'mail.cam.example');
    expect(a).toMatch(/^<[0-9a-f]{32}\.[0-9a-f]{12}@mail\.cam\.example>$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('6f1c3a52');
    expect(a.split('.')[1]).toBe(b.split('.')[1]); // the same ledger key's digest
    expect(newMessageId(`${key}x`, 'mail.cam.example').split('.')[1]).not.toBe(a.split('.')[1]);
  });

  it('refuses a domain that is not a host name', () => {
    expect(() => newMessageId(key, 'ana@acme.example')).toThrow(RangeError);
    expect(() => newMessageId(key, 'bad domain')).toThrow(RangeError);
  });

  it('takes plain http only on a loopback host (the development stack), never elsewhere', () => {
    expect(complianceHeaders({ unsubscribeUrl: 'http://127.0.0.1:3000/unsubscribe/t' })['List-Unsubscribe']).toBe('<http://127.0.0.1:3000/unsubscribe/t>');
    expect(complianceHeaders({ unsubscribeUrl: 'http://localhost:3000/unsubscribe/t' })['List-Unsubscribe']).toBe('<http://localhost:3000/unsubscribe/t>');
    expect(() => complianceHeaders({ unsubscribeUrl: 'http://cam.example/unsubscribe/t' })).toThrow(/https/);
    expect(() => complianceHeaders({ unsubscribeUrl: 'http://127.0.0.1.cam.example/unsubscribe/t' })).toThrow(/https/);
  });
});

import { toSentMails, type SentMail } from '../store.js';
import { buildEvent, firstLinkOf, recipientsOf, sgMessageIdFor, smtpIdOf } from './event-shapes.js';

const at = new Date('2026-12-01T10:00:00Z');

function mails(body: Record<string, unknown>): SentMail[] {
  return toSentMails(
    { from: { email: 'rep@mail.example' }, subject: 'Hi', content: [{ type: 'text/plain', value: 'See https://a.example/x and https://a.example/unsubscribe/1' }], ...body },
    'X1y2Z3abcdEFGHijklMNOP',
    at,
  );
}

describe('event shapes', () => {
  it('one sg_message_id per personalization and recipient, prefixed by the X-Message-Id', () => {
    const [a, b] = mails({ personalizations: [{ to: [{ email: 'a@x.example' }, { email: 'c@x.example' }] }, { to: [{ email: 'b@x.example' }], bcc: [{ email: 'd@x.example' }] }] });
    expect(recipientsOf(b!).map((r) => r.email)).toEqual(['b@x.example', 'd@x.example']);
    const ids = [sgMessageIdFor(a!, 0), sgMessageIdFor(a!, 1), sgMessageIdFor(b!, 0), sgMessageIdFor(b!, 1)];
    expect(new Set(ids).size).toBe(4);
    expect(ids.every((id) => id.startsWith('X1y2Z3abcdEFGHijklMNOP.filterdrecv-'))).toBe(true);
    expect(sgMessageIdFor(a!, 1)).toBe(sgMessageIdFor(a!, 1)); // stable: every event of a copy shares it
    expect(() => buildEvent(a!, 2, 'processed', at)).toThrow(RangeError);
  });

  it('custom_args at top level never replace SendGrid fields; category is a string, an array or absent', () => {
    const [one] = mails({ personalizations: [{ to: [{ email: 'a@x.example' }], custom_args: { ledger_key: 'k', event: 'forged', email: 'forged@x.example' } }], categories: ['one'] });
    const e = buildEvent(one!, 0, 'open', at);
    expect(e).toMatchObject({ ledger_key: 'k', event: 'open', email: 'a@x.example', category: 'one', timestamp: at.getTime() / 1000 });
    const [two] = mails({ personalizations: [{ to: [{ email: 'a@x.example' }] }], categories: ['a', 'b'] });
    expect(buildEvent(two!, 0, 'processed', at).category).toEqual(['a', 'b']);
    const [none] = mails({ personalizations: [{ to: [{ email: 'a@x.example' }] }] });
    expect('category' in buildEvent(none!, 0, 'processed', at)).toBe(false);
  });

  it('smtp-id is the Message-ID header, else the MTA id; a click follows the first link that is not the unsubscribe link', () => {
    const [withId] = mails({ personalizations: [{ to: [{ email: 'a@x.example' }] }], headers: { 'message-id': '<m1@mail.example>' } });
    const [without] = mails({ personalizations: [{ to: [{ email: 'a@x.example' }] }] });
    expect(smtpIdOf(withId!)).toBe('<m1@mail.example>');
    expect(smtpIdOf(without!)).toBe('<X1y2Z3abcdEFGHijklMNOP@geopod-ismtpd-sandbox>');
    expect(firstLinkOf(without!)).toBe('https://a.example/x');
    expect(buildEvent(without!, 0, 'click', at)).toMatchObject({ url: 'https://a.example/x', url_offset: { index: 0, type: 'text' } });
  });

  it('each sg_event_id is new (16 random bytes, base64)', () => {
    const [m] = mails({ personalizations: [{ to: [{ email: 'a@x.example' }] }] });
    const ids = Array.from({ length: 500 }, () => buildEvent(m!, 0, 'delivered', at).sg_event_id);
    expect(new Set(ids).size).toBe(500);
    expect(ids.every((id) => /^[A-Za-z0-9+/]{22}==$/.test(id))).toBe(true);
  });
});

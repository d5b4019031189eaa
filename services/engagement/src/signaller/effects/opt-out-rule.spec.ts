import { optOutOf } from './opt-out-rule.js';

describe('optOutOf', () => {
  it('suppresses on a hard bounce, a spam report and both kinds of unsubscribe', () => {
    expect(optOutOf({ kind: 'bounce', bounceType: 'hard', detail: '550 5.1.1 user unknown' })).toEqual({ kind: 'bounce', detail: 'hard bounce: 550 5.1.1 user unknown' });
    expect(optOutOf({ kind: 'spamreport', bounceType: null, detail: null })).toEqual({ kind: 'spamreport', detail: 'spam report' });
    expect(optOutOf({ kind: 'unsubscribe', bounceType: null, detail: null })).toEqual({ kind: 'unsubscribe', detail: 'unsubscribe' });
    expect(optOutOf({ kind: 'group_unsubscribe', bounceType: null, detail: null })).toEqual({ kind: 'unsubscribe', detail: 'group unsubscribe' });
  });

  it('never suppresses on a soft bounce or a bounce of unknown type', () => {
    expect(optOutOf({ kind: 'bounce', bounceType: 'soft', detail: '452 mailbox full' })).toBeNull();
    expect(optOutOf({ kind: 'bounce', bounceType: null, detail: null })).toBeNull();
  });

  it('suppresses a drop only when SendGrid already holds the address as bounced, unsubscribed or reported', () => {
    expect(optOutOf({ kind: 'dropped', bounceType: null, detail: 'Bounced Address' })).toEqual({ kind: 'bounce', detail: 'dropped: Bounced Address' });
    expect(optOutOf({ kind: 'dropped', bounceType: null, detail: 'Unsubscribed Address' })?.kind).toBe('unsubscribe');
    expect(optOutOf({ kind: 'dropped', bounceType: null, detail: 'Spam Reporting Address' })?.kind).toBe('spamreport');
    for (const reason of ['Invalid SMTPAPI header', 'Recipient List over Package Quota', 'Spam Content (if spam checker app enabled)', null]) {
      expect(optOutOf({ kind: 'dropped', bounceType: null, detail: reason })).toBeNull();
    }
  });

  it('leaves every other kind alone', () => {
    for (const kind of ['processed', 'delivered', 'deferred', 'open', 'click', 'reply', 'out_of_office', 'auto_reply']) {
      expect(optOutOf({ kind, bounceType: null, detail: 'Bounced Address' })).toBeNull();
    }
  });
});

import { TERMINAL_NURTURE_STATUSES } from '#libs/contracts';
import { normaliseEmail } from '#libs/lead-intake';
import { OPEN_STATUSES, optOutAddress, optOutEffect } from './opt-out-rules.js';

describe('optOutEffect', () => {
  it('ends a hard bounce as bounced, an unsubscribe and a spam report as opted-out, naming the kind and the event', () => {
    expect(optOutEffect({ kind: 'bounce', eventId: 'sg-1' })).toEqual({
      suppressionReason: 'hard bounce (event sg-1)',
      status: 'bounced',
      decision: 'bounced: hard bounce (event sg-1); address suppressed, every sequence for it stopped',
    });
    expect(optOutEffect({ kind: 'unsubscribe', eventId: 'one-click/e1' })).toMatchObject({ suppressionReason: 'unsubscribe (event one-click/e1)', status: 'opted-out' });
    expect(optOutEffect({ kind: 'spamreport', eventId: 'sg-2' })).toMatchObject({ suppressionReason: 'spam report (event sg-2)', status: 'opted-out' });
  });

  it("adds the provider's detail after the event, on one line and cut to a readable length", () => {
    expect(optOutEffect({ kind: 'bounce', eventId: 'inbox:7', detail: '550 5.1.1\n  mailbox unknown ' }).suppressionReason).toBe('hard bounce (event inbox:7): 550 5.1.1 mailbox unknown');
    expect(optOutEffect({ kind: 'unsubscribe', eventId: 'e', detail: 'x'.repeat(500) }).suppressionReason).toHaveLength('unsubscribe (event e): '.length + 200);
    expect(optOutEffect({ kind: 'unsubscribe', eventId: 'e', detail: '  ' }).suppressionReason).toBe('unsubscribe (event e)');
    // Engagement's detail may repeat the kind: said once.
    expect(optOutEffect({ kind: 'bounce', eventId: 'inbox:8', detail: 'hard bounce: 550 user unknown' }).suppressionReason).toBe('hard bounce (event inbox:8): 550 user unknown');
    expect(optOutEffect({ kind: 'spamreport', eventId: 'inbox:9', detail: 'spam report' }).suppressionReason).toBe('spam report (event inbox:9)');
    expect(optOutEffect({ kind: 'unsubscribe', eventId: 'inbox:10', detail: 'group unsubscribe' }).suppressionReason).toBe('unsubscribe (event inbox:10): group unsubscribe');
    expect(optOutEffect({ kind: 'unsubscribe', eventId: 'inbox:11', detail: 'unsubscribe link' }).suppressionReason).toBe('unsubscribe (event inbox:11): unsubscribe link');
  });
});

describe('OPEN_STATUSES', () => {
  it('holds every status that is not terminal, and only those', () => {
    expect(OPEN_STATUSES).toEqual(['queued', 'admitted', 'waiting', 'sending', 'held', 'paused']);
    for (const s of TERMINAL_NURTURE_STATUSES) expect(OPEN_STATUSES).not.toContain(s);
  });
});

describe('optOutAddress', () => {
  it('suppresses the address in the form leads are matched in', () => {
    expect(optOutAddress('  Ann.Lee@Bücher.DE ', normaliseEmail)).toBe('ann.lee@xn--bcher-kva.de');
    expect(optOutAddress('Not An Address', normaliseEmail)).toBe('not an address');
  });
});

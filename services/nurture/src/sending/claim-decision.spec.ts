import { decideClaim, type ClaimFacts, type LedgerRow } from './claim-decision.js';

const NOW = Date.parse('2026-12-07T10:00:00Z');
const row = (status: LedgerRow['status'], extra: Partial<LedgerRow> = {}): LedgerRow => ({
  enrolment_id: 'e1',
  step: 1,
  variant: 'a',
  ledger_key: 'e1/1/a',
  mailbox_id: 'mb',
  status,
  message_id: '<m@x.example>',
  provider_message_id: status === 'sent' ? 'sg-1' : null,
  claimed_at: new Date(NOW - 60_000),
  sent_at: status === 'sent' ? new Date(NOW - 59_000) : null,
  attempts: 1,
  reason: status === 'unknown' ? 'not found' : null,
  ...extra,
});
const facts = (f: Partial<ClaimFacts> = {}): ClaimFacts => ({
  existing: null,
  campaign: { state: 'active', reason: null },
  enrolmentStatus: 'waiting',
  suppression: null,
  mailboxActive: true,
  slot: { atMs: NOW, reason: null },
  nowMs: NOW,
  scheduledForMs: NOW - 1000,
  ...f,
});

describe('decideClaim', () => {
  it('claims a fresh step that fits the mailbox now', () => {
    expect(decideClaim(facts())).toEqual({ action: 'claim', reclaim: false });
  });

  it('returns a recorded send, whatever changed since', () => {
    const d = decideClaim(facts({ existing: row('sent'), campaign: { state: 'stopped', reason: null } }));
    expect(d).toEqual({ action: 'outcome', outcome: { kind: 'sent', step: 1, variant: 'a', messageId: '<m@x.example>', providerMessageId: 'sg-1', at: new Date(NOW - 59_000).toISOString() } });
  });

  it('returns unknown as recorded and reconciles a claim in flight', () => {
    expect(decideClaim(facts({ existing: row('unknown') }))).toEqual({ action: 'outcome', outcome: { kind: 'unknown', step: 1, variant: 'a', reason: 'not found', messageId: '<m@x.example>' } });
    expect(decideClaim(facts({ existing: row('claimed') }))).toMatchObject({ action: 'reconcile' });
  });

  it('re-claims a step whose last attempt SendGrid refused', () => {
    expect(decideClaim(facts({ existing: row('failed') }))).toEqual({ action: 'claim', reclaim: true });
  });

  it('refuses when the campaign is stopped or paused, the enrolment ended, or the address is suppressed', () => {
    expect(decideClaim(facts({ campaign: { state: 'paused', reason: 'holiday freeze' } }))).toEqual({ action: 'outcome', outcome: { kind: 'refused', status: 'paused', reason: 'campaign paused: holiday freeze' } });
    expect(decideClaim(facts({ campaign: { state: 'stopped', reason: null } }))).toMatchObject({ outcome: { kind: 'refused', status: 'stopped' } });
    expect(decideClaim(facts({ enrolmentStatus: 'replied' }))).toMatchObject({ outcome: { kind: 'refused', status: 'replied' } });
    expect(decideClaim(facts({ suppression: { kind: 'domain', value: 'acme.example', reason: 'customer asked' } }))).toEqual({
      action: 'outcome',
      outcome: { kind: 'refused', status: 'suppressed', reason: 'domain acme.example on the suppression list (customer asked)' },
    });
  });

  it('a stop wins over a mailbox that is full anyway', () => {
    expect(decideClaim(facts({ campaign: { state: 'stopped', reason: null }, slot: { atMs: NOW + 3_600_000, reason: 'mailbox hourly cap: 5/h reached' } }))).toMatchObject({ outcome: { kind: 'refused' } });
  });

  it('defers to the next slot with the binding rule', () => {
    expect(decideClaim(facts({ slot: { atMs: NOW + 90_000, reason: 'mailbox spacing: 90 s between sends' } }))).toEqual({
      action: 'outcome',
      outcome: { kind: 'deferred', retryAt: new Date(NOW + 90_000).toISOString(), reason: 'mailbox spacing: 90 s between sends' },
    });
  });

  it('holds when the mailbox can never send or is inactive, and defers a step not yet due', () => {
    expect(decideClaim(facts({ slot: { atMs: Number.POSITIVE_INFINITY, reason: 'mailbox cap: 0/24 h' } }))).toMatchObject({ outcome: { kind: 'held', reason: 'mailbox cap: 0/24 h' } });
    expect(decideClaim(facts({ mailboxActive: false }))).toMatchObject({ outcome: { kind: 'held', reason: 'mailbox inactive' } });
    expect(decideClaim(facts({ scheduledForMs: NOW + 60_000 }))).toMatchObject({ outcome: { kind: 'deferred', reason: 'not due yet' } });
  });
  describe('a paused mailbox', () => {
    const pause = { mailboxId: 'demo-sales', reason: 'bounces 3.4% ≥ 3% over 7 days', recheckMs: 3_600_000 };

    it('defers the step with a reason naming the mailbox and the pause, looked at again after the recheck interval', () => {
      expect(decideClaim(facts({ mailboxPause: pause }))).toEqual({
        action: 'outcome',
        outcome: { kind: 'deferred', retryAt: new Date(NOW + 3_600_000).toISOString(), reason: 'mailbox demo-sales paused: bounces 3.4% ≥ 3% over 7 days' },
      });
    });

    it('waits for the step’s own time when that is later than the recheck', () => {
      const later = NOW + 5 * 3_600_000;
      const d = decideClaim(facts({ mailboxPause: pause, scheduledForMs: later }));
      expect(d).toMatchObject({ action: 'outcome', outcome: { kind: 'deferred', retryAt: new Date(later).toISOString() } });
    });

    it('never claims, even with a free slot; a stop or a suppression still wins over the pause', () => {
      expect(decideClaim(facts({ mailboxPause: { ...pause, reason: null } }))).toMatchObject({ outcome: { kind: 'deferred', reason: 'mailbox demo-sales paused' } });
      expect(decideClaim(facts({ mailboxPause: pause, campaign: { state: 'stopped', reason: null } }))).toMatchObject({ outcome: { kind: 'refused', status: 'stopped' } });
      expect(decideClaim(facts({ mailboxPause: pause, suppression: { kind: 'address', value: 'a@b.example', reason: null } }))).toMatchObject({ outcome: { kind: 'refused', status: 'suppressed' } });
    });

    it('keeps a recorded send: a pause never rewrites a fact', () => {
      expect(decideClaim(facts({ mailboxPause: pause, existing: row('sent') }))).toMatchObject({ outcome: { kind: 'sent' } });
    });
  });
});

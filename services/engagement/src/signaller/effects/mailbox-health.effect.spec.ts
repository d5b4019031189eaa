import type { EnrolmentRef, MailboxHealth } from '#libs/contracts';
import { mailboxHealth } from '#libs/engagement-events';
import type { Logger } from '#libs/logging';
import type { InboxRow } from '../inbox-effect.js';
import type { EffectClients } from './effect-clients.js';
import { MailboxHealthEffect } from './mailbox-health.effect.js';
import type { MailboxHealthStore, PauseEpisode } from './mailbox-health-store.js';

const thresholds = { windowDays: 7, minDeliveries: 100, maxBounceRate: 0.03, maxSpamRate: 0.001 };

/** The store's answers from counts the test sets, and the episodes it keeps, in memory. */
class CountsStore {
  counts = { deliveries: 0, bounces: 0, spamReports: 0 };
  healthCalls = 0;
  episodes: PauseEpisode[] = [];
  readonly thresholds = thresholds;
  async health(mailboxId: string): Promise<MailboxHealth> {
    this.healthCalls++;
    return mailboxHealth(this.counts, thresholds, mailboxId);
  }
  async openEpisode(_health: MailboxHealth, reason: string): Promise<PauseEpisode> {
    const open = this.episodes[0];
    if (open) return { ...open, opened: false };
    const e = { pausedAt: '2026-12-05T04:00:00.000Z', reason, acknowledged: false, opened: true };
    this.episodes.push(e);
    return e;
  }
  async acknowledge(): Promise<void> {
    this.episodes[0]!.acknowledged = true;
  }
  async stampMailbox(): Promise<void> {}
}

function setUp() {
  const store = new CountsStore();
  const pauses: Array<{ mailboxId: string; reason: string }> = [];
  const clients = { nurture: { pauseMailbox: async (mailboxId: string, r: { reason: string }) => (pauses.push({ mailboxId, reason: r.reason }), { paused: true }) } } as unknown as EffectClients;
  const log = { info: () => undefined, warn: () => undefined } as unknown as Logger;
  const effect = new MailboxHealthEffect(store as unknown as MailboxHealthStore, clients, log);
  return { store, pauses, effect };
}

let n = 0;
function row(kind: string, extra: Partial<InboxRow> = {}): InboxRow & { enrolment: EnrolmentRef | null } {
  return {
    id: String(++n),
    source: 'event-webhook',
    kind: kind as InboxRow['kind'],
    sgEventId: `e${n}`,
    occurredAt: new Date(),
    receivedAt: new Date(),
    email: 'a@acme.example',
    sgMessageId: null,
    ledgerKey: null,
    enrolmentId: null,
    campaignId: null,
    leadId: null,
    mailboxId: 'mb-1',
    step: 0,
    bounceType: kind === 'bounce' ? 'hard' : null,
    detail: null,
    userAgent: null,
    machine: false,
    machineReason: null,
    payload: {},
    state: 'pending',
    effects: {},
    attempts: 0,
    enrolment: null,
    ...extra,
  };
}

describe('MailboxHealthEffect', () => {
  it('applies to deliveries, bounces and spam reports of a mailbox, never to machine rows or rows without one', () => {
    const { effect } = setUp();
    expect(['delivered', 'bounce', 'spamreport'].map((k) => effect.appliesTo(row(k)))).toEqual([true, true, true]);
    expect(effect.appliesTo(row('open'))).toBe(false);
    expect(effect.appliesTo(row('delivered', { machine: true }))).toBe(false);
    expect(effect.appliesTo(row('bounce', { mailboxId: null }))).toBe(false);
  });

  it('a soft bounce is not counted and never pauses', async () => {
    const { effect, store, pauses } = setUp();
    store.counts = { deliveries: 200, bounces: 50, spamReports: 0 };
    expect(await effect.apply(row('bounce', { bounceType: 'soft' }))).toEqual({ mailboxId: 'mb-1', counted: false, reason: 'soft bounce' });
    expect(store.healthCalls).toBe(0);
    expect(pauses).toEqual([]);
  });

  it('a hard bounce that tips the rate pauses the mailbox through nurture once per episode', async () => {
    const { effect, store, pauses } = setUp();
    store.counts = { deliveries: 110, bounces: 4, spamReports: 0 };
    const first = (await effect.apply(row('bounce'))) as { pauseReason: string; pause: { opened: boolean; nurturePaused: boolean } };
    expect(first.pauseReason).toMatch(/bounce/i);
    expect(first.pause).toMatchObject({ opened: true, nurturePaused: true });
    await effect.apply(row('spamreport'));
    expect(pauses).toEqual([{ mailboxId: 'mb-1', reason: first.pauseReason }]);
    effect.onApplicationShutdown();
  });

  it('under the minimum deliveries nothing pauses', async () => {
    const { effect, store, pauses } = setUp();
    store.counts = { deliveries: 99, bounces: 10, spamReports: 0 };
    expect(await effect.apply(row('bounce'))).toMatchObject({ deliveries: 99, bounces: 10, pauseReason: null, pause: null });
    expect(pauses).toEqual([]);
    effect.onApplicationShutdown();
  });

  it('a burst of deliveries costs one count, not one per row', async () => {
    const { effect, store } = setUp();
    const answers = [];
    for (let i = 0; i < 500; i++) answers.push(await effect.apply(row('delivered')));
    expect(store.healthCalls).toBe(1);
    expect(answers.filter((a) => (a as { counted?: string }).counted === 'with the next recount')).toHaveLength(499);
    effect.onApplicationShutdown();
  });
});

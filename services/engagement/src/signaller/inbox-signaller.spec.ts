import { Registry } from 'prom-client';
import type { EnrolmentRef } from '#libs/contracts';
import type { Logger } from '#libs/logging';
import type { InboxEffect, InboxRow } from './inbox-effect.js';
import type { InboxQueue, RowRetry } from './inbox-queue.js';
import { groupByEnrolment, InboxSignaller } from './inbox-signaller.js';
import { SignallerMetrics } from './signaller-metrics.js';

describe('groupByEnrolment', () => {
  it("keeps one enrolment's rows together and in order, and rows without one apart", () => {
    const rows = [
      { id: '1', enrolmentId: 'a' },
      { id: '2', enrolmentId: null },
      { id: '3', enrolmentId: 'b' },
      { id: '4', enrolmentId: 'a' },
      { id: '5', enrolmentId: null },
    ];
    expect(groupByEnrolment(rows).map((g) => g.map((r) => r.id))).toEqual([['1', '4'], ['2'], ['3'], ['5']]);
  });
});

const ENROLMENT = '0b5a1f7e-0000-4000-8000-000000000001';
const ref: EnrolmentRef = {
  enrolmentId: ENROLMENT,
  campaignId: 'c1',
  leadId: '0b5a1f7e-0000-4000-8000-0000000000aa',
  email: 'ann@acme.example',
  mailboxId: 'mb1',
  mailboxAddress: 'sales@acme-sender.example',
  owner: null,
  ownerEmail: null,
  workflowId: 'nurture/c1/lead',
  status: 'waiting',
};

const row = (id: string, over: Partial<InboxRow> = {}): InboxRow => ({
  id,
  source: 'event-webhook',
  kind: 'open',
  sgEventId: `sg-${id}`,
  occurredAt: new Date(Date.UTC(2026, 11, 1, 10, 0, Number(id))),
  receivedAt: new Date('2026-12-01T10:01:00Z'),
  email: 'ann@acme.example',
  sgMessageId: null,
  ledgerKey: null,
  enrolmentId: ENROLMENT,
  campaignId: null,
  leadId: null,
  mailboxId: null,
  step: 0,
  bounceType: null,
  detail: null,
  userAgent: null,
  machine: false,
  machineReason: null,
  payload: {},
  state: 'pending',
  effects: {},
  attempts: 0,
  ...over,
});

/** The queue's outcomes as the signaller writes them (the SQL itself runs in the integration specs). */
class MemoryQueue {
  pending: InboxRow[] = [];
  effects = new Map<string, Record<string, unknown>>();
  applied: string[] = [];
  parked: Array<{ id: string; reason: string }> = [];
  retries: RowRetry[] = [];
  async claim(limit: number): Promise<InboxRow[]> {
    const taken = this.pending.splice(0, limit);
    return taken.map((r) => ({ ...r, effects: { ...(this.effects.get(r.id) ?? r.effects) } }));
  }
  async storeResolution(): Promise<void> {}
  async deliveredAt(): Promise<Map<string, Date>> {
    return new Map();
  }
  async flagMachine(): Promise<void> {}
  async recordEffect(id: string, name: string, result: unknown): Promise<void> {
    this.effects.set(id, { ...this.effects.get(id), [name]: result });
  }
  async markApplied(ids: readonly string[]): Promise<void> {
    this.applied.push(...ids);
  }
  async markParked(rows: Array<{ id: string; reason: string }>): Promise<void> {
    this.parked.push(...rows);
  }
  async scheduleRetry(rows: readonly RowRetry[]): Promise<void> {
    this.retries.push(...rows);
  }
}

const silent = { warn: () => undefined, info: () => undefined, error: () => undefined, debug: () => undefined } as unknown as Logger;

function effect(name: string, o: { fail?: () => boolean; acceptsUnresolved?: boolean } = {}): InboxEffect & { calls: string[] } {
  const calls: string[] = [];
  return {
    name,
    acceptsUnresolved: o.acceptsUnresolved,
    calls,
    appliesTo: () => true,
    async apply(r) {
      calls.push(r.id);
      if (o.fail?.()) throw new Error(`${name} is down for ann@acme.example`);
      return { done: name };
    },
  };
}

function signaller(queue: MemoryQueue, effects: InboxEffect[], resolve: (ids: readonly string[]) => Promise<EnrolmentRef[]> = async (ids) => (ids.includes(ENROLMENT) ? [ref] : [])) {
  return new InboxSignaller(queue as unknown as InboxQueue, { resolveEnrolments: resolve }, effects, new SignallerMetrics(new Registry(), async () => null), silent, {
    databaseUrl: 'postgres://unused',
    batch: 50,
    concurrency: 4,
    pollMs: 1_000,
    retryMaxSeconds: 60,
    scannerSeconds: 10,
    leaseSeconds: 120,
  });
}

describe('InboxSignaller.drainOnce', () => {
  it('applies a row once every effect is recorded, in the given order', async () => {
    const q = new MemoryQueue();
    q.pending = [row('1'), row('2')];
    const a = effect('signal');
    const b = effect('score');
    expect(await signaller(q, [a, b]).drainOnce()).toEqual({ claimed: 2, applied: 2, parked: 0, retried: 0 });
    expect(q.applied).toEqual(['1', '2']);
    expect(q.effects.get('1')).toEqual({ signal: { done: 'signal' }, score: { done: 'score' } });
  });

  it('runs the effects after a failed one, and on the retry only what had failed', async () => {
    const q = new MemoryQueue();
    q.pending = [row('1')];
    let down = true;
    const signal = effect('signal', { fail: () => down });
    const optOut = effect('optOut');
    const s = signaller(q, [signal, optOut]);
    expect(await s.drainOnce()).toMatchObject({ applied: 0, retried: 1 });
    expect(optOut.calls).toEqual(['1']);
    expect(q.retries).toEqual([{ id: '1', delaySeconds: 1, error: 'signal: signal is down for <address>' }]);

    down = false;
    q.pending = [row('1', { attempts: 1 })];
    expect(await s.drainOnce()).toMatchObject({ applied: 1, retried: 0 });
    expect(signal.calls).toEqual(['1', '1']);
    expect(optOut.calls).toEqual(['1']);
  });

  it('parks rows no known enrolment is behind, after the effects that take them, naming why', async () => {
    const q = new MemoryQueue();
    const unknown = '0b5a1f7e-0000-4000-8000-00000000dead';
    q.pending = [row('1', { enrolmentId: null }), row('2', { enrolmentId: unknown })];
    const signal = effect('signal');
    const optOut = effect('optOut', { acceptsUnresolved: true });
    expect(await signaller(q, [signal, optOut]).drainOnce()).toMatchObject({ parked: 2 });
    expect(signal.calls).toEqual([]);
    expect(optOut.calls.sort()).toEqual(['1', '2']);
    expect(q.parked.sort((x, y) => x.id.localeCompare(y.id))).toEqual([
      { id: '1', reason: 'no enrolment_id in custom_args' },
      { id: '2', reason: `enrolment ${unknown} is not known to nurture` },
    ]);
  });

  it('keeps events about our own owner notices as applied, not parked (they belong to no enrolment by design)', async () => {
    const q = new MemoryQueue();
    q.pending = [row('1', { enrolmentId: null, payload: { notice: 'owner-reply', inbox_id: '7' } }), row('2', { enrolmentId: null, payload: { notice: 'other' } })];
    const optOut = effect('optOut', { acceptsUnresolved: true });
    expect(await signaller(q, [optOut]).drainOnce()).toMatchObject({ applied: 1, parked: 1 });
    expect(q.applied).toEqual(['1']);
    expect(q.parked).toEqual([{ id: '2', reason: 'no enrolment_id in custom_args' }]);
  });

  it('keeps rows that name an enrolment pending while nurture does not answer, and carries on with the rest', async () => {
    const q = new MemoryQueue();
    q.pending = [row('1'), row('2', { enrolmentId: null, attempts: 3 })];
    const optOut = effect('optOut', { acceptsUnresolved: true });
    const report = await signaller(q, [optOut], async () => {
      throw new Error('connect ECONNREFUSED');
    }).drainOnce();
    expect(report).toMatchObject({ retried: 1, parked: 1 });
    expect(q.retries).toEqual([{ id: '1', delaySeconds: 1, error: 'nurture did not resolve enrolments: connect ECONNREFUSED' }]);
    expect(optOut.calls).toEqual(['2']);
  });

  it('backs a row off by its attempts', async () => {
    const q = new MemoryQueue();
    q.pending = [row('1', { attempts: 4 })];
    await signaller(q, [effect('signal', { fail: () => true })]).drainOnce();
    expect(q.retries[0]!.delaySeconds).toBe(16);
  });
});

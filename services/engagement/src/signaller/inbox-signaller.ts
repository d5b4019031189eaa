import pg from 'pg';
import type { EnrolmentRef } from '#libs/contracts';
import { machineEngagement } from '#libs/engagement-events';
import type { Logger } from '#libs/logging';
import type { InboxEffect, InboxRow } from './inbox-effect.js';
import type { InboxQueue, RowRetry } from './inbox-queue.js';
import { errorSummary, retryDelaySeconds } from './retry-backoff.js';
import type { SignallerMetrics } from './signaller-metrics.js';

/** Ids per resolve call: one call for a default batch, within what nurture takes at once for a larger one. */
const RESOLVE_CHUNK = 500;

/** The channel the webhook and inbound routes NOTIFY after their insert commits. */
export const INBOX_CHANNEL = 'engagement_inbox';

export interface SignallerOptions {
  databaseUrl: string;
  batch: number;
  concurrency: number;
  pollMs: number;
  retryMaxSeconds: number;
  scannerSeconds: number;
  /** A claimed row is left alone by other replicas this long; one held by a replica that died comes back after it. */
  leaseSeconds: number;
}

export interface DrainReport {
  claimed: number;
  applied: number;
  parked: number;
  retried: number;
}

type WorkingRow = InboxRow & { enrolment: EnrolmentRef | null };

/**
 * Drains the inbox after commit: woken at once by NOTIFY on its own connection, and by a poll (missed
 * notifications, retries coming due, another replica's expired lease). Each pass claims a batch with a lease,
 * resolves its enrolments in one call to nurture, flags scanner opens and clicks, then runs the effects row by row
 * (one enrolment's rows in order, enrolments side by side), recording each effect as it succeeds. A row is applied
 * when every effect is done, parked when no enrolment nurture knows is behind it, and otherwise retried with
 * back-off: nothing is dropped.
 */
export class InboxSignaller {
  private listener: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(
    private readonly queue: InboxQueue,
    private readonly nurture: { resolveEnrolments(ids: readonly string[]): Promise<EnrolmentRef[]> },
    private readonly effects: readonly InboxEffect[],
    private readonly metrics: SignallerMetrics,
    private readonly log: Logger,
    private readonly o: SignallerOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.o.pollMs);
    this.timer.unref();
    void this.listen();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.reconnect) clearTimeout(this.reconnect);
    this.timer = this.reconnect = null;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await this.running;
  }

  /** Start a pass, or ask the running one to look again when it is done (a NOTIFY during a pass is not lost). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.passes().finally(() => (this.running = null));
  }

  private async passes(): Promise<void> {
    do {
      this.again = false;
      try {
        const r = await this.drainOnce();
        // A full batch means more may be due now.
        if (r.claimed >= this.o.batch) this.again = true;
      } catch (err) {
        this.log.warn({ err: errorSummary(err) }, 'engagement: inbox drain failed; trying again at the next poll');
        return;
      }
    } while (this.again && !this.stopped);
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.o.databaseUrl, application_name: 'engagement-signaller' });
    const retry = () => {
      if (this.listener === client) this.listener = null;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (!this.stopped && !this.reconnect) {
        // Until then the poll drains; the connection comes back on its own.
        this.reconnect = setTimeout(() => {
          this.reconnect = null;
          void this.listen();
        }, 1_000);
        this.reconnect.unref();
      }
    };
    client.on('error', (err) => {
      this.log.warn({ err: errorSummary(err) }, 'engagement: inbox listener lost its connection; polling meanwhile');
      retry();
    });
    // A connection the server closed without an error (a restart) is made again too.
    client.on('end', () => {
      if (this.listener === client) retry();
    });
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query(`LISTEN ${INBOX_CHANNEL}`);
      if (this.stopped) return void client.end().catch(() => undefined);
      this.listener = client;
      // Rows that committed while no one listened.
      this.wake();
    } catch (err) {
      this.log.warn({ err: errorSummary(err) }, 'engagement: cannot LISTEN for inbox rows; polling meanwhile');
      retry();
    }
  }

  /** One batch: claim, resolve, flag machines, apply effects, then record the rows' outcomes. */
  async drainOnce(): Promise<DrainReport> {
    const rows = await this.queue.claim(this.o.batch, this.o.leaseSeconds);
    if (rows.length === 0) return { claimed: 0, applied: 0, parked: 0, retried: 0 };
    this.metrics.drained.inc(rows.length);

    const ids = [...new Set(rows.flatMap((r) => (r.enrolmentId ? [r.enrolmentId] : [])))];
    let known = new Map<string, EnrolmentRef>();
    let nurtureDown: string | null = null;
    try {
      for (let i = 0; i < ids.length; i += RESOLVE_CHUNK) for (const e of await this.nurture.resolveEnrolments(ids.slice(i, i + RESOLVE_CHUNK))) known.set(e.enrolmentId, e);
    } catch (err) {
      nurtureDown = `nurture did not resolve enrolments: ${errorSummary(err)}`;
    }
    const working: WorkingRow[] = rows.map((r) => {
      const enrolment = r.enrolmentId ? (known.get(r.enrolmentId) ?? null) : null;
      return enrolment ? { ...r, enrolment, leadId: enrolment.leadId, campaignId: enrolment.campaignId, mailboxId: enrolment.mailboxId } : { ...r, enrolment };
    });
    await this.queue.storeResolution(working.flatMap((r) => (r.enrolment ? [{ id: r.id, enrolment: r.enrolment }] : [])));
    await this.flagMachines(working);

    const applied: string[] = [];
    const parked: Array<{ id: string; reason: string }> = [];
    const retries: RowRetry[] = [];
    const retry = (row: WorkingRow, error: string) => retries.push({ id: row.id, delaySeconds: retryDelaySeconds(row.attempts + 1, this.o.retryMaxSeconds), error });

    // Nurture unreachable: rows that name an enrolment wait (it may well be known); the rest carry on.
    const ready = working.filter((r) => {
      if (nurtureDown && r.enrolmentId) retry(r, nurtureDown);
      return !(nurtureDown && r.enrolmentId);
    });
    await eachLimited(groupByEnrolment(ready), this.o.concurrency, async (group) => {
      for (const row of group) {
        const failure = await this.applyEffects(row);
        if (failure) retry(row, failure);
        else if (row.enrolment || isOwnerNoticeEvent(row)) applied.push(row.id);
        else parked.push({ id: row.id, reason: row.enrolmentId ? `enrolment ${row.enrolmentId} is not known to nurture` : 'no enrolment_id in custom_args' });
      }
    });

    await this.queue.markApplied(applied);
    await this.queue.markParked(parked);
    await this.queue.scheduleRetry(retries);
    this.metrics.applied.inc(applied.length);
    this.metrics.parked.inc(parked.length);
    if (retries.length) {
      const nurtureRetries = nurtureDown ? retries.filter((r) => r.error === nurtureDown).length : 0;
      if (nurtureRetries) this.metrics.retried.inc({ cause: 'nurture-unreachable' }, nurtureRetries);
      if (retries.length > nurtureRetries) this.metrics.retried.inc({ cause: 'effect-failed' }, retries.length - nurtureRetries);
      this.log.warn({ retried: retries.length, first: retries[0].error }, 'engagement: some inbox rows wait for a retry');
    }
    return { claimed: rows.length, applied: applied.length, parked: parked.length, retried: retries.length };
  }

  /**
   * The delivery-time half of the machine rule (the webhook already flagged what the event itself says): an open
   * or click within ENGAGEMENT_SCANNER_SECONDS of its message's delivery. Flagged before any effect runs.
   */
  private async flagMachines(rows: WorkingRow[]): Promise<void> {
    const candidates = rows.filter((r) => (r.kind === 'open' || r.kind === 'click') && !r.machine && r.sgMessageId && !('signal' in r.effects));
    if (candidates.length === 0) return;
    const delivered = await this.queue.deliveredAt(candidates.map((r) => r.sgMessageId!));
    const flags: Array<{ id: string; reason: string }> = [];
    for (const row of candidates) {
      const at = delivered.get(row.sgMessageId!);
      const verdict = machineEngagement({
        kind: row.kind,
        sgMachineOpen: row.payload.sg_machine_open === true,
        userAgent: row.userAgent,
        secondsSinceDelivery: at ? (row.occurredAt.getTime() - at.getTime()) / 1000 : null,
        scannerSeconds: this.o.scannerSeconds,
      });
      if (!verdict.machine) continue;
      row.machine = true;
      row.machineReason = verdict.reason;
      flags.push({ id: row.id, reason: verdict.reason ?? 'machine' });
    }
    await this.queue.flagMachine(flags);
  }

  /**
   * Runs the row's effects in order, each recorded once it succeeded (a retry skips it). A failed effect does not
   * hold back the ones after it (suppression must not wait for Temporal); the row is retried for what failed.
   */
  private async applyEffects(row: WorkingRow): Promise<string | null> {
    const failures: string[] = [];
    for (const effect of this.effects) {
      if (effect.name in row.effects) continue;
      if (!row.enrolment && !effect.acceptsUnresolved) continue;
      if (!effect.appliesTo(row)) continue;
      try {
        const result = (await effect.apply(row)) ?? true;
        await this.queue.recordEffect(row.id, effect.name, result);
        row.effects = { ...row.effects, [effect.name]: result };
      } catch (err) {
        failures.push(`${effect.name}: ${errorSummary(err)}`);
      }
    }
    return failures.length ? failures.join('; ').slice(0, 500) : null;
  }
}

/** One list per enrolment (rows already oldest first); rows without one each stand alone. */
export function groupByEnrolment<T extends { id: string; enrolmentId: string | null }>(rows: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = row.enrolmentId ? `e:${row.enrolmentId}` : `r:${row.id}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()];
}

async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/**
 * SendGrid's events about our own "your lead replied" notices (custom_args notice=owner-reply) belong to no
 * enrolment by design: they are kept on the inbox as applied, not parked for a person.
 */
export function isOwnerNoticeEvent(row: Pick<InboxRow, 'enrolmentId' | 'payload'>): boolean {
  return row.enrolmentId === null && row.payload?.notice === 'owner-reply';
}

import { Client, Connection, WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import {
  leadNurtureWorkflow,
  nurtureBouncedSignal,
  nurtureClickedSignal,
  nurtureOpenedSignal,
  nurtureOutOfOfficeSignal,
  nurtureRepliedSignal,
  nurtureSpamReportedSignal,
  nurtureUnsubscribedSignal,
  type EnrolmentRef,
  type LeadNurtureWorkflow,
} from '#libs/contracts';
import type { Logger } from '#libs/logging';
import { workflowHandle, type TemporalTarget } from '#libs/temporal';
import type { InboxEffect, InboxRow } from './inbox-effect.js';
import type { InboxQueue } from './inbox-queue.js';
import type { SignallerMetrics } from './signaller-metrics.js';
import { signalOfKind, workflowSignalOf, type WorkflowSignalPlan } from './workflow-signal-of.js';

/** A signal that has not reached Temporal by then failed (the row is retried); the SDK's own retries fit inside. */
const SIGNAL_DEADLINE_MS = 5_000;
/** A server that does not answer this soon is down: the rows wait in the inbox rather than on a socket. */
const CONNECT_TIMEOUT = '2s';
/** After Temporal failed to answer, the rest of the batch fails at once instead of each waiting its deadline. */
const UNREACHABLE_HOLD_MS = 3_000;
/**
 * A connection given up is closed this much later: the SDK's retry timers of calls still in flight would otherwise
 * fire on a closed channel, which throws outside any promise and ends the process.
 */
const RETIRE_AFTER_MS = 30_000;

export type SignalEffectResult = { signal: WorkflowSignalPlan['signal'] | 'workflow-not-running' };

/**
 * Signals the lead's leadNurture workflow (first of the effects: a stop must win over anything slower). One
 * Temporal connection, made on first use and made again after a failure. A workflow that is not running (ended,
 * or never started) is recorded and is no error: the opt-out effect still suppresses. Temporal unreachable: throws,
 * and the row waits in the inbox.
 */
export class WorkflowSignalEffect implements InboxEffect {
  readonly name = 'signal';
  private connecting: Promise<Client> | null = null;
  private unreachableUntil = 0;
  private down = false;
  private readonly retiring = new Set<{ timer: NodeJS.Timeout; close: () => Promise<void> }>();

  constructor(
    private readonly target: TemporalTarget,
    private readonly inbox: Pick<InboxQueue, 'outOfOfficeUntil'>,
    private readonly metrics: SignallerMetrics,
    private readonly log: Logger,
    private readonly o: { defaultOutOfOfficeDays: number },
  ) {}

  appliesTo(row: InboxRow & { enrolment: EnrolmentRef | null }): boolean {
    return row.enrolment !== null && signalOfKind(row.kind) !== null;
  }

  async apply(row: InboxRow & { enrolment: EnrolmentRef | null }): Promise<SignalEffectResult> {
    if (!row.enrolment) throw new Error('the signal effect needs a resolved enrolment');
    const outOfOfficeUntil = row.kind === 'out_of_office' ? await this.inbox.outOfOfficeUntil(row.id) : null;
    const plan = workflowSignalOf(row, { outOfOfficeUntil, defaultOutOfOfficeDays: this.o.defaultOutOfOfficeDays });
    if (!plan) throw new Error(`no signal for kind ${row.kind}`);
    if (Date.now() < this.unreachableUntil) throw new Error('Temporal did not answer a moment ago; retried later');
    try {
      const client = await this.client();
      const handle = workflowHandle(client, leadNurtureWorkflow, row.enrolment.workflowId);
      await client.connection.withDeadline(Date.now() + SIGNAL_DEADLINE_MS, () => send(handle, plan));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) {
        this.metrics.signalled.inc({ signal: 'workflow-not-running' });
        return { signal: 'workflow-not-running' };
      }
      this.unreachableUntil = Date.now() + UNREACHABLE_HOLD_MS;
      // A broken channel is not reused: the next call connects afresh.
      this.retire();
      throw err;
    }
    this.metrics.signalled.inc({ signal: plan.signal });
    this.metrics.signalLatency.observe(Math.max(0, (Date.now() - row.receivedAt.getTime()) / 1000));
    return { signal: plan.signal };
  }

  /** The one connection, made on first use; a failed attempt is not kept (the next call tries again). */
  private client(): Promise<Client> {
    this.connecting ??= Connection.connect({ address: this.target.address, connectTimeout: CONNECT_TIMEOUT })
      .then((connection) => {
        if (this.down) this.log.info('engagement: Temporal reachable again; waiting events are signalled');
        this.down = false;
        return new Client({ connection, namespace: this.target.namespace });
      })
      .catch((err: unknown) => {
        this.connecting = null;
        // Once per outage, not once per attempt.
        if (!this.down) this.log.warn({ err: String(err) }, 'engagement: cannot reach Temporal; events wait in the inbox');
        this.down = true;
        throw err;
      });
    return this.connecting;
  }

  /** Stops using the current connection now and closes it once nothing can still be retrying on it. */
  private retire(): void {
    const connecting = this.connecting;
    this.connecting = null;
    if (!connecting) return;
    const entry = {
      timer: setTimeout(() => void entry.close(), RETIRE_AFTER_MS),
      close: async () => {
        clearTimeout(entry.timer);
        this.retiring.delete(entry);
        await connecting.then((c) => c.connection.close()).catch(() => undefined);
      },
    };
    entry.timer.unref();
    this.retiring.add(entry);
  }

  /** On shutdown, after the signaller stopped (no call in flight). */
  async close(): Promise<void> {
    this.retire();
    await Promise.all([...this.retiring].map((r) => r.close()));
  }
}

function send(handle: WorkflowHandle<LeadNurtureWorkflow>, plan: WorkflowSignalPlan): Promise<void> {
  switch (plan.signal) {
    case 'opened':
      return handle.signal(nurtureOpenedSignal, plan.payload);
    case 'clicked':
      return handle.signal(nurtureClickedSignal, plan.payload);
    case 'replied':
      return handle.signal(nurtureRepliedSignal, plan.payload);
    case 'spamReported':
      return handle.signal(nurtureSpamReportedSignal, plan.payload);
    case 'unsubscribed':
      return handle.signal(nurtureUnsubscribedSignal, plan.payload);
    case 'bounced':
      return handle.signal(nurtureBouncedSignal, plan.payload);
    case 'outOfOffice':
      return handle.signal(nurtureOutOfOfficeSignal, plan.payload);
  }
}

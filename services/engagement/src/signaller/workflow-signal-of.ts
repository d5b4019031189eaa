import type { BounceSignal, EngagementEventKind, EngagementSignal, OutOfOfficeSignal } from '#libs/contracts';

/** The leadNurture signals an inbox row can become (names as defined in libs/contracts/src/nurture.ts). */
export type WorkflowSignalPlan =
  | { signal: 'opened' | 'clicked' | 'replied' | 'spamReported' | 'unsubscribed'; payload: EngagementSignal }
  | { signal: 'bounced'; payload: BounceSignal }
  | { signal: 'outOfOffice'; payload: OutOfOfficeSignal };
export type WorkflowSignalName = WorkflowSignalPlan['signal'];

/**
 * Which signal each kind is. Delivery events (processed, delivered, deferred, dropped) tell the workflow nothing it
 * acts on, and an auto-reply other than out-of-office is not a reply: those send no signal.
 */
const SIGNAL_OF_KIND: Record<EngagementEventKind, WorkflowSignalName | null> = {
  processed: null,
  delivered: null,
  deferred: null,
  dropped: null,
  auto_reply: null,
  open: 'opened',
  click: 'clicked',
  reply: 'replied',
  out_of_office: 'outOfOffice',
  bounce: 'bounced',
  spamreport: 'spamReported',
  unsubscribe: 'unsubscribed',
  group_unsubscribe: 'unsubscribed',
};

export function signalOfKind(kind: EngagementEventKind): WorkflowSignalName | null {
  return SIGNAL_OF_KIND[kind];
}

/** What the signal is built from: an inbox row, and for an out-of-office reply its return date. */
export interface SignalSource {
  id: string;
  kind: EngagementEventKind;
  occurredAt: Date;
  step: number | null;
  machine: boolean;
  bounceType: 'hard' | 'soft' | null;
  detail: string | null;
}

/** The workflow dedupes on eventId, so a row signalled twice (a crash before its record) has one effect. */
export function inboxEventId(inboxId: string): string {
  return `inbox:${inboxId}`;
}

/**
 * The signal for a row, or null when its kind sends none. `outOfOfficeUntil` is the reply's parsed (or default)
 * return instant; an out-of-office row without one waits `defaultDays` from when it was written.
 */
export function workflowSignalOf(row: SignalSource, o: { outOfOfficeUntil?: Date | null; defaultOutOfOfficeDays: number }): WorkflowSignalPlan | null {
  const signal = signalOfKind(row.kind);
  if (!signal) return null;
  const base: EngagementSignal = {
    eventId: inboxEventId(row.id),
    at: row.occurredAt.toISOString(),
    ...(row.step !== null ? { step: row.step } : {}),
    // Only opens and clicks can be a machine's; the flag is what keeps them out of the lead's engagement.
    ...(row.kind === 'open' || row.kind === 'click' ? { machine: row.machine } : {}),
    ...(row.detail ? { detail: row.detail } : {}),
  };
  switch (signal) {
    case 'bounced':
      // SendGrid's `bounce` event is a hard bounce unless classified soft (its `blocked` type).
      return { signal, payload: { ...base, bounceType: row.bounceType ?? 'hard' } };
    case 'outOfOffice': {
      const until = o.outOfOfficeUntil ?? new Date(row.occurredAt.getTime() + o.defaultOutOfOfficeDays * 86_400_000);
      const reason = o.outOfOfficeUntil ? `out-of-office reply: back ${until.toISOString().slice(0, 10)}` : `out-of-office reply naming no return date: waiting ${o.defaultOutOfOfficeDays} days`;
      return { signal, payload: { ...base, until: until.toISOString(), reason } };
    }
    default:
      return { signal, payload: base };
  }
}

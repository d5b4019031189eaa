import { TERMINAL_NURTURE_STATUSES, type NurtureStatusName, type SendStepOutcome } from '#libs/contracts';

export type LedgerStatus = 'claimed' | 'sent' | 'unknown' | 'failed';

export interface LedgerRow {
  enrolment_id: string;
  step: number;
  variant: string | null;
  ledger_key: string;
  mailbox_id: string;
  status: LedgerStatus;
  message_id: string;
  provider_message_id: string | null;
  claimed_at: Date;
  sent_at: Date | null;
  attempts: number;
  reason: string | null;
}

/** What the claim transaction saw, with the mailbox row locked. */
export interface ClaimFacts {
  existing: LedgerRow | null;
  campaign: { state: 'active' | 'paused' | 'stopped'; reason: string | null };
  enrolmentStatus: NurtureStatusName;
  suppression: { kind: 'address' | 'domain'; value: string; reason: string | null } | null;
  mailboxActive: boolean;
  /** The mailbox's pause (bounce or spam rates, or a person), read under its row lock; absent or null: not paused. */
  mailboxPause?: MailboxPauseFact | null;
  /** nextSlotThatFits from now over the mailbox's claims of the last 24 h. */
  slot: { atMs: number; reason: string | null };
  nowMs: number;
  scheduledForMs: number;
}

export interface MailboxPauseFact {
  mailboxId: string;
  reason: string | null;
  /** When the held step is looked at again (a resume is not signalled to workflows; they find it here). */
  recheckMs: number;
}

export type ClaimDecision =
  | { action: 'outcome'; outcome: SendStepOutcome }
  /** A claim in flight from an earlier attempt: ask the provider, never send again. */
  | { action: 'reconcile'; row: LedgerRow }
  | { action: 'claim'; reclaim: boolean };

/** A step due this far ahead is deferred to its time rather than sent early (clocks of workers differ a little). */
const EARLY_TOLERANCE_MS = 5_000;
const DAY_MS = 86_400_000;

/**
 * The one decision of the claim transaction, in order: a step already on the ledger keeps its recorded fate (a
 * fact is never re-decided); then everything that stops a new send (a stop always wins over a pending send); then
 * a paused mailbox (the step waits); then the mailbox's caps and spacing.
 */
export function decideClaim(f: ClaimFacts): ClaimDecision {
  const row = f.existing;
  if (row?.status === 'sent') return { action: 'outcome', outcome: sentOutcome(row) };
  if (row?.status === 'unknown') return { action: 'outcome', outcome: unknownOutcome(row) };
  if (row?.status === 'claimed') return { action: 'reconcile', row };

  const refuse = (status: NurtureStatusName, reason: string): ClaimDecision => ({ action: 'outcome', outcome: { kind: 'refused', status, reason } });
  if (f.campaign.state === 'stopped') return refuse('stopped', `campaign stopped${f.campaign.reason ? `: ${f.campaign.reason}` : ''}`);
  if (f.campaign.state === 'paused') return refuse('paused', `campaign paused${f.campaign.reason ? `: ${f.campaign.reason}` : ''}`);
  if (TERMINAL_NURTURE_STATUSES.includes(f.enrolmentStatus)) return refuse(f.enrolmentStatus, `enrolment already ended (${f.enrolmentStatus})`);
  if (f.suppression) {
    const what = f.suppression.kind === 'domain' ? `domain ${f.suppression.value}` : 'address';
    return refuse('suppressed', `${what} on the suppression list${f.suppression.reason ? ` (${f.suppression.reason})` : ''}`);
  }
  if (f.mailboxPause) {
    // Deferred, never ended: the step goes out from this mailbox once a person resumes it.
    const retryAt = Math.max(f.nowMs + f.mailboxPause.recheckMs, f.scheduledForMs);
    return { action: 'outcome', outcome: { kind: 'deferred', retryAt: new Date(retryAt).toISOString(), reason: mailboxPauseReason(f.mailboxPause) } };
  }
  if (!f.mailboxActive) {
    return { action: 'outcome', outcome: { kind: 'held', reason: 'mailbox inactive', retryAt: new Date(f.nowMs + DAY_MS).toISOString() } };
  }
  if (f.scheduledForMs > f.nowMs + EARLY_TOLERANCE_MS) {
    return { action: 'outcome', outcome: { kind: 'deferred', retryAt: new Date(f.scheduledForMs).toISOString(), reason: 'not due yet' } };
  }
  if (!Number.isFinite(f.slot.atMs)) {
    // A cap of 0 (or a ramp stuck at 0): no slot will ever come until a person changes the mailbox.
    return { action: 'outcome', outcome: { kind: 'held', reason: f.slot.reason ?? 'mailbox never sends', retryAt: new Date(f.nowMs + DAY_MS).toISOString() } };
  }
  if (f.slot.atMs > f.nowMs) {
    return { action: 'outcome', outcome: { kind: 'deferred', retryAt: new Date(f.slot.atMs).toISOString(), reason: f.slot.reason ?? 'mailbox busy' } };
  }
  return { action: 'claim', reclaim: row?.status === 'failed' };
}

/** "mailbox demo-sales paused: bounces 3.4% ≥ 3% over 7 days": what the lead's status shows while it waits. */
export function mailboxPauseReason(p: Pick<MailboxPauseFact, 'mailboxId' | 'reason'>): string {
  return `mailbox ${p.mailboxId} paused${p.reason ? `: ${p.reason}` : ''}`;
}

export function sentOutcome(row: LedgerRow): SendStepOutcome {
  return {
    kind: 'sent',
    step: row.step,
    variant: row.variant,
    messageId: row.message_id,
    providerMessageId: row.provider_message_id,
    at: (row.sent_at ?? row.claimed_at).toISOString(),
  };
}

export function unknownOutcome(row: LedgerRow): SendStepOutcome {
  return { kind: 'unknown', step: row.step, variant: row.variant, reason: row.reason ?? 'provider answer not definite', messageId: row.message_id };
}

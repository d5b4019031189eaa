import type { EngagementEventKind, EnrolmentRef, InboxState } from '#libs/contracts';

/** An inbox row as the signaller hands it to effects (columns of engagement.inbox, camel-cased). */
export interface InboxRow {
  id: string;
  source: 'event-webhook' | 'inbound-parse';
  kind: EngagementEventKind;
  sgEventId: string | null;
  occurredAt: Date;
  receivedAt: Date;
  email: string | null;
  sgMessageId: string | null;
  ledgerKey: string | null;
  enrolmentId: string | null;
  campaignId: string | null;
  leadId: string | null;
  mailboxId: string | null;
  step: number | null;
  bounceType: 'hard' | 'soft' | null;
  detail: string | null;
  userAgent: string | null;
  machine: boolean;
  machineReason: string | null;
  payload: Record<string, unknown>;
  state: InboxState;
  /** Effects already done, by name: a retried row skips them. */
  effects: Record<string, unknown>;
  attempts: number;
}

/** A row whose enrolment nurture knows (resolved before effects run; lead_id and mailbox_id are stored with it). */
export interface ResolvedInboxRow extends InboxRow {
  enrolment: EnrolmentRef;
}

/**
 * One consequence of an inbox row (signal the workflow, suppress the address, feed the score, …). The signaller runs
 * every effect whose `appliesTo` is true, records each one's result under its name in `effects` once it succeeded,
 * and marks the row applied when all have. An effect must be idempotent: a crash between its call and the record
 * runs it again (each downstream dedupes on the inbox id).
 *
 * `row.enrolment` is null for a row that could not be tied to an enrolment: such a row is parked after the effects
 * that accept it (`acceptsUnresolved`) ran, e.g. a hard bounce still suppresses the address.
 */
export interface InboxEffect {
  readonly name: string;
  /** Runs for rows without an enrolment too (then `row.enrolment` is null). */
  readonly acceptsUnresolved?: boolean;
  appliesTo(row: InboxRow & { enrolment: EnrolmentRef | null }): boolean;
  /** The JSON-able result recorded under `effects[name]`; throw to retry the row later. */
  apply(row: InboxRow & { enrolment: EnrolmentRef | null }): Promise<unknown>;
}

/** The effects the signaller runs, in order (signals first: a stop must win over anything slower). */
export const INBOX_EFFECTS = Symbol('INBOX_EFFECTS');

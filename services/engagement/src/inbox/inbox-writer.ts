import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { EngagementEventKind } from '#libs/contracts';
import { eventContentKey, machineEngagement, type InboxEventDraft } from '#libs/engagement-events';

/** The channel the signaller LISTENs on; a NOTIFY is delivered when the writing transaction commits. */
export const INBOX_CHANNEL = 'engagement_inbox';

export type InboxSource = 'event-webhook' | 'inbound-parse';

/** One new inbox row (state `pending`; the signaller fills lead, mailbox and the delivery-time machine rule). */
export interface InboxInsert {
  kind: EngagementEventKind;
  sgEventId: string | null;
  contentKey: string;
  occurredAt: Date;
  email: string | null;
  sgMessageId: string | null;
  ledgerKey: string | null;
  enrolmentId: string | null;
  campaignId: string | null;
  step: number | null;
  bounceType: 'hard' | 'soft' | null;
  detail: string | null;
  userAgent: string | null;
  machine: boolean;
  machineReason: string | null;
  payload: Record<string, unknown>;
}

/** The verified request the rows came in, kept in received_batches. */
export interface ReceivedBatch {
  source: InboxSource;
  signedAt: Date | null;
  bodySha256: string;
  bodyBytes: number;
  /** Items in the post, the refused ones included. */
  items: number;
}

export interface InboxWrite {
  batchId: string;
  /** New rows. */
  accepted: number;
  /** Rows already in the inbox under the same sg_event_id or content key (or twice in this post). */
  duplicates: number;
}

/**
 * A SendGrid event as an inbox row. The machine flag is set here only when the event says so itself (Apple MPP's
 * sg_machine_open, a scanner's user agent); the signaller applies the delivery-time rule, which needs the delivery.
 */
export function eventInboxInsert(e: InboxEventDraft): InboxInsert {
  const machine = machineEngagement({ kind: e.kind, sgMachineOpen: e.sgMachineOpen, userAgent: e.userAgent, secondsSinceDelivery: null, scannerSeconds: 0 });
  return {
    kind: e.kind,
    sgEventId: e.sgEventId,
    contentKey: eventContentKey(e),
    occurredAt: e.occurredAt,
    email: e.email,
    sgMessageId: e.sgMessageId,
    ledgerKey: e.ledgerKey,
    enrolmentId: e.enrolmentId,
    campaignId: e.campaignId,
    step: e.step,
    bounceType: e.bounceType,
    detail: e.detail,
    userAgent: e.userAgent,
    machine: machine.machine,
    machineReason: machine.reason,
    payload: e.payload,
  };
}

/** The rows as one array per column, in the order of INSERT_ROWS' unnest: one statement for any number of rows. */
export function inboxColumns(rows: readonly InboxInsert[]): unknown[][] {
  return [
    rows.map((r) => r.kind),
    rows.map((r) => r.sgEventId),
    rows.map((r) => r.contentKey),
    rows.map((r) => r.occurredAt.toISOString()),
    rows.map((r) => r.email),
    rows.map((r) => r.sgMessageId),
    rows.map((r) => r.ledgerKey),
    rows.map((r) => r.enrolmentId),
    rows.map((r) => r.campaignId),
    rows.map((r) => r.step),
    rows.map((r) => r.bounceType),
    rows.map((r) => r.detail),
    rows.map((r) => r.userAgent),
    rows.map((r) => r.machine),
    rows.map((r) => r.machineReason),
    rows.map((r) => JSON.stringify(r.payload)),
  ];
}

/**
 * One statement, so one transaction: the batch row and every new inbox row, or nothing. ON CONFLICT DO NOTHING
 * without a target skips a row that conflicts on sg_event_id or on content_key (or repeats an earlier row of the same
 * post); the skipped ones are the duplicates. The inbox rows reference the batch row inserted beside them: the
 * foreign key is checked at the end of the statement, when both exist. pg_notify is delivered at commit, so the
 * signaller never wakes for rows it cannot see yet. Rows go in content-key order: two posts that share events
 * (SendGrid's duplicates, posted at once) then wait on each other's rows in one order and cannot deadlock.
 */
const INSERT_ROWS = `
  WITH batch_id AS (SELECT nextval(pg_get_serial_sequence('engagement.received_batches', 'id')) AS id),
  inserted AS (
    INSERT INTO engagement.inbox (batch_id, source, kind, sg_event_id, content_key, occurred_at, email, sg_message_id, ledger_key,
      enrolment_id, campaign_id, step, bounce_type, detail, user_agent, machine, machine_reason, payload)
    SELECT b.id, $1, u.kind, u.sg_event_id, u.content_key, u.occurred_at, u.email, u.sg_message_id, u.ledger_key,
      u.enrolment_id, u.campaign_id, u.step, u.bounce_type, u.detail, u.user_agent, u.machine, u.machine_reason, u.payload::jsonb
    FROM batch_id b,
      unnest($7::text[], $8::text[], $9::text[], $10::timestamptz[], $11::text[], $12::text[], $13::text[], $14::uuid[], $15::text[],
        $16::int[], $17::text[], $18::text[], $19::text[], $20::boolean[], $21::text[], $22::text[])
      WITH ORDINALITY AS u(kind, sg_event_id, content_key, occurred_at, email, sg_message_id, ledger_key, enrolment_id, campaign_id,
        step, bounce_type, detail, user_agent, machine, machine_reason, payload, position)
    ORDER BY u.content_key, u.position
    ON CONFLICT DO NOTHING
    RETURNING 1
  ),
  counted AS (SELECT count(*)::int AS accepted FROM inserted),
  batch AS (
    INSERT INTO engagement.received_batches (id, source, signed_at, body_sha256, body_bytes, items, accepted, duplicates)
    SELECT b.id, $1, $2, $3, $4, $5, c.accepted, $6 - c.accepted FROM batch_id b, counted c
    RETURNING id, accepted, duplicates
  )
  SELECT id::text AS id, accepted, duplicates, CASE WHEN accepted > 0 THEN pg_notify('${INBOX_CHANNEL}', id::text) END AS notified FROM batch`;

const WRITE_ATTEMPTS = 3;
/** deadlock_detected, serialization_failure: the statement was rolled back and may simply be run again. */
const RETRYABLE_SQL_STATES = new Set(['40P01', '40001']);

/** The SQLSTATE of a node-postgres error, or of the one a TypeORM QueryFailedError wraps. */
export function sqlStateOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Writes what a verified post brought into the inbox. */
@Injectable()
export class InboxWriter {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Throws the database's error when it fails; then nothing of the post was written. A deadlock or serialization
   * failure (the statement was rolled back whole) is tried again a few times before it counts as a failure.
   */
  async write(batch: ReceivedBatch, rows: readonly InboxInsert[]): Promise<InboxWrite> {
    const params = [batch.source, batch.signedAt?.toISOString() ?? null, batch.bodySha256, batch.bodyBytes, batch.items, rows.length, ...inboxColumns(rows)];
    for (let attempt = 1; ; attempt++) {
      try {
        const [row] = (await this.db.query(INSERT_ROWS, params)) as Array<{ id: string; accepted: number; duplicates: number }>;
        return { batchId: row!.id, accepted: row!.accepted, duplicates: row!.duplicates };
      } catch (err) {
        if (attempt >= WRITE_ATTEMPTS || !RETRYABLE_SQL_STATES.has(sqlStateOf(err) ?? '')) throw err;
      }
    }
  }
}

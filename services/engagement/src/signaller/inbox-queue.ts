import type { DataSource } from 'typeorm';
import type { EngagementEventKind, EnrolmentRef, InboxState, InboxStats } from '#libs/contracts';
import type { InboxRow } from './inbox-effect.js';

interface InboxRecord {
  id: string;
  source: InboxRow['source'];
  kind: EngagementEventKind;
  sg_event_id: string | null;
  occurred_at: Date;
  received_at: Date;
  email: string | null;
  sg_message_id: string | null;
  ledger_key: string | null;
  enrolment_id: string | null;
  campaign_id: string | null;
  lead_id: string | null;
  mailbox_id: string | null;
  step: number | null;
  bounce_type: 'hard' | 'soft' | null;
  detail: string | null;
  user_agent: string | null;
  machine: boolean;
  machine_reason: string | null;
  payload: Record<string, unknown>;
  state: InboxState;
  effects: Record<string, unknown>;
  attempts: number;
}

export function inboxRowOf(r: InboxRecord): InboxRow {
  return {
    id: String(r.id),
    source: r.source,
    kind: r.kind,
    sgEventId: r.sg_event_id,
    occurredAt: new Date(r.occurred_at),
    receivedAt: new Date(r.received_at),
    email: r.email,
    sgMessageId: r.sg_message_id,
    ledgerKey: r.ledger_key,
    enrolmentId: r.enrolment_id,
    campaignId: r.campaign_id,
    leadId: r.lead_id,
    mailboxId: r.mailbox_id,
    step: r.step,
    bounceType: r.bounce_type,
    detail: r.detail,
    userAgent: r.user_agent,
    machine: r.machine,
    machineReason: r.machine_reason,
    payload: r.payload ?? {},
    state: r.state,
    effects: r.effects ?? {},
    attempts: r.attempts,
  };
}

export interface RowRetry {
  id: string;
  delaySeconds: number;
  error: string;
}

/**
 * The signaller's SQL on engagement.inbox. Every write names the row by id and, where it ends a row's life, only a
 * row still pending: a replica whose lease ran out cannot undo what another one finished.
 */
export class InboxQueue {
  constructor(private readonly db: DataSource) {}

  /**
   * Takes up to `limit` due pending rows, oldest first, and leases them: their next attempt moves `leaseSeconds`
   * ahead, so another replica (SKIP LOCKED meanwhile, the lease after commit) leaves them alone, and a replica that
   * dies holding them gives them back when the lease ends.
   */
  async claim(limit: number, leaseSeconds: number): Promise<InboxRow[]> {
    const rows = await this.records<InboxRecord>(
      `UPDATE engagement.inbox SET next_attempt_at = now() + make_interval(secs => $2)
        WHERE id IN (SELECT id FROM engagement.inbox WHERE state = 'pending' AND next_attempt_at <= now()
                      ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, source, kind, sg_event_id, occurred_at, received_at, email, sg_message_id, ledger_key, enrolment_id,
                  campaign_id, lead_id, mailbox_id, step, bounce_type, detail, user_agent, machine, machine_reason, payload,
                  state, effects, attempts`,
      [limit, leaseSeconds],
    );
    // Oldest first within the batch too: one lead's events are applied in the order they happened.
    return rows.map(inboxRowOf).sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || Number(a.id) - Number(b.id));
  }

  /** Rows of any statement, UPDATE … RETURNING included (plain query() gives those as [rows, count]). */
  private async records<T>(sql: string, params: unknown[]): Promise<T[]> {
    const runner = this.db.createQueryRunner();
    try {
      return (await runner.query(sql, params, true)).records as T[];
    } finally {
      await runner.release();
    }
  }

  /** Lead, campaign and mailbox of resolved rows, as nurture knows them (one statement for the batch). */
  async storeResolution(rows: Array<{ id: string; enrolment: EnrolmentRef }>): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `UPDATE engagement.inbox i SET lead_id = r.lead_id, campaign_id = r.campaign_id, mailbox_id = r.mailbox_id
         FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[]) AS r(id, lead_id, campaign_id, mailbox_id)
        WHERE i.id = r.id AND i.state = 'pending'`,
      [rows.map((r) => r.id), rows.map((r) => r.enrolment.leadId), rows.map((r) => r.enrolment.campaignId), rows.map((r) => r.enrolment.mailboxId)],
    );
  }

  /** When each message was delivered (else processed), by sg_message_id, for the scanner rule. */
  async deliveredAt(sgMessageIds: readonly string[]): Promise<Map<string, Date>> {
    if (sgMessageIds.length === 0) return new Map();
    const found: Array<{ sg_message_id: string; at: Date }> = await this.db.query(
      `SELECT sg_message_id, coalesce(min(occurred_at) FILTER (WHERE kind = 'delivered'), min(occurred_at)) AS at
         FROM engagement.inbox WHERE sg_message_id = ANY($1::text[]) AND kind IN ('delivered', 'processed')
        GROUP BY sg_message_id`,
      [[...new Set(sgMessageIds)]],
    );
    return new Map(found.map((f) => [f.sg_message_id, new Date(f.at)]));
  }

  async flagMachine(rows: Array<{ id: string; reason: string }>): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `UPDATE engagement.inbox i SET machine = true, machine_reason = r.reason
         FROM unnest($1::bigint[], $2::text[]) AS r(id, reason) WHERE i.id = r.id AND i.state = 'pending'`,
      [rows.map((r) => r.id), rows.map((r) => r.reason)],
    );
  }

  /** One effect's result, recorded as soon as it succeeded: a retry of the row skips it. */
  async recordEffect(id: string, name: string, result: unknown): Promise<void> {
    await this.db.query(`UPDATE engagement.inbox SET effects = effects || jsonb_build_object($2::text, $3::jsonb) WHERE id = $1`, [
      id,
      name,
      JSON.stringify(result === undefined ? true : result),
    ]);
  }

  async markApplied(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query(`UPDATE engagement.inbox SET state = 'applied', applied_at = now(), last_error = NULL WHERE id = ANY($1::bigint[]) AND state = 'pending'`, [ids]);
  }

  async markParked(rows: Array<{ id: string; reason: string }>): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `UPDATE engagement.inbox i SET state = 'parked', parked_reason = r.reason, last_error = NULL
         FROM unnest($1::bigint[], $2::text[]) AS r(id, reason) WHERE i.id = r.id AND i.state = 'pending'`,
      [rows.map((r) => r.id), rows.map((r) => r.reason)],
    );
  }

  /** Back to the queue after a failure: counted, with its (address-free) error, due after its back-off. */
  async scheduleRetry(rows: readonly RowRetry[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `UPDATE engagement.inbox i SET attempts = i.attempts + 1, last_error = r.error, next_attempt_at = now() + make_interval(secs => r.delay)
         FROM unnest($1::bigint[], $2::int[], $3::text[]) AS r(id, delay, error) WHERE i.id = r.id AND i.state = 'pending'`,
      [rows.map((r) => r.id), rows.map((r) => r.delaySeconds), rows.map((r) => r.error)],
    );
  }

  /** The out-of-office reply's return instant, as inbound stored it beside the row. */
  async outOfOfficeUntil(inboxId: string): Promise<Date | null> {
    const found: Array<{ until: Date | null }> = await this.db.query(`SELECT out_of_office_until AS until FROM engagement.replies WHERE inbox_id = $1`, [inboxId]);
    return found[0]?.until ? new Date(found[0].until) : null;
  }

  async stats(): Promise<InboxStats> {
    const [s]: Array<{ pending: string; parked: string; applied: string; oldest: number | null }> = await this.db.query(
      `SELECT count(*) FILTER (WHERE state = 'pending') AS pending, count(*) FILTER (WHERE state = 'parked') AS parked,
              count(*) FILTER (WHERE state = 'applied') AS applied,
              extract(epoch FROM now() - min(received_at) FILTER (WHERE state = 'pending'))::float8 AS oldest
         FROM engagement.inbox`,
    );
    return { pending: Number(s.pending), parked: Number(s.parked), applied: Number(s.applied), oldestPendingAgeSeconds: s.oldest === null ? null : Math.max(0, Math.round(s.oldest)) };
  }

  /** Age of the oldest pending row (seconds), from the partial pending index; null when none waits. */
  async oldestPendingAgeSeconds(): Promise<number | null> {
    const [s]: Array<{ oldest: number | null }> = await this.db.query(
      `SELECT extract(epoch FROM now() - min(received_at))::float8 AS oldest FROM engagement.inbox WHERE state = 'pending'`,
    );
    return s?.oldest === null || s?.oldest === undefined ? null : Math.max(0, s.oldest);
  }
}

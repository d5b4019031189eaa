import type { DataSource } from 'typeorm';
import type { ReplyMatch, ReplyMatchRequest } from '#libs/contracts';
import { EngagementError } from '../engagement-errors.js';
import type { ReadParsePost } from './parse-form.js';
import { replyDisposition, type ReplyDisposition } from './reply-disposition.js';
import { readReply, type ReplyFacts, type ReplyReadingOptions } from './reply-facts.js';

/** The channel the signaller LISTENs on (inbox-signaller.ts). */
const INBOX_CHANNEL = 'engagement_inbox';

export interface ReplyIntakeResult {
  /** The inbox row (the earlier one for a duplicate). */
  id: string | null;
  duplicate: boolean;
  kind: ReplyFacts['kind'];
  state: 'pending' | 'parked';
  /** Why it was parked, for the answer SendGrid logs. */
  reason: string | null;
}

interface Deps {
  db: DataSource;
  nurture: { matchReply(request: ReplyMatchRequest): Promise<ReplyMatch> };
  options: Omit<ReplyReadingOptions, 'receivedAt'>;
  now?: () => Date;
}

/** Any failure to reach nurture or the database is temporary: 503, so Inbound Parse retries (it drops on 4xx). */
function unavailable(what: string, err: unknown): EngagementError {
  const message = err instanceof Error ? err.message : String(err);
  return new EngagementError('inbox_unavailable', `${what}; SendGrid will retry: ${message.slice(0, 300)}`);
}

/**
 * Takes one Inbound Parse post: reads the reply, asks nurture whose it is, and writes its inbox row and reply row
 * in one transaction (then NOTIFY, delivered on commit, wakes the signaller). The same mail posted again (same
 * Message-ID) adds no row: the earlier one is answered.
 */
export class ReplyIntake {
  constructor(private readonly deps: Deps) {}

  async take(read: ReadParsePost): Promise<ReplyIntakeResult> {
    const receivedAt = (this.deps.now ?? (() => new Date()))();
    const facts = readReply(read.post, { ...this.deps.options, receivedAt });
    const earlier = await this.existing(facts.contentKey);
    if (earlier) return { id: earlier.id, duplicate: true, kind: facts.kind, state: earlier.state === 'parked' ? 'parked' : 'pending', reason: earlier.parked_reason };
    let match: ReplyMatch | null = null;
    if (facts.replyTokens.length > 0 || facts.ourMessageIds.length > 0) {
      try {
        match = await this.deps.nurture.matchReply({ replyTokens: facts.replyTokens, messageIds: facts.ourMessageIds });
      } catch (err) {
        throw unavailable('nurture could not match the reply', err);
      }
    }
    const disposition = replyDisposition(facts, match);
    return this.store(facts, disposition, read, receivedAt);
  }

  private async existing(contentKey: string): Promise<{ id: string; state: string; parked_reason: string | null } | null> {
    try {
      const rows: Array<{ id: string; state: string; parked_reason: string | null }> = await this.deps.db.query(`SELECT id, state, parked_reason FROM engagement.inbox WHERE content_key = $1`, [contentKey]);
      return rows[0] ? { ...rows[0], id: String(rows[0].id) } : null;
    } catch (err) {
      throw unavailable('the inbox cannot be read', err);
    }
  }

  private async store(facts: ReplyFacts, d: ReplyDisposition, read: ReadParsePost, receivedAt: Date): Promise<ReplyIntakeResult> {
    const e = d.enrolment;
    const payload = {
      from: facts.fromAddress,
      to: facts.toAddresses,
      subject: facts.subject,
      messageId: facts.messageId,
      reason: facts.reason,
      spamScore: read.post.spam_score?.slice(0, 20) ?? null,
      // SendGrid's SPF and DKIM results: what tells a person reading a parked reply whether its From is forged.
      spf: read.post.SPF?.slice(0, 200) ?? null,
      dkim: read.post.dkim?.slice(0, 500) ?? null,
      replyTokens: facts.replyTokens.length,
      ourMessageIds: facts.ourMessageIds.length,
      // The enrolment a parked reply named but may not act on, for the person who decides.
      ...(d.state === 'parked' && d.claimed ? { claimed: { enrolmentId: d.claimed.enrolmentId, campaignId: d.claimed.campaignId, leadId: d.claimed.leadId } } : {}),
    };
    const runner = this.deps.db.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
      const [batch]: Array<{ id: string }> = await runner.query(
        `INSERT INTO engagement.received_batches (source, received_at, body_sha256, body_bytes, items, accepted, duplicates)
         VALUES ('inbound-parse', $1, $2, $3, 1, 0, 0) RETURNING id`,
        [receivedAt, read.sha256, read.bytes],
      );
      const inserted: Array<{ id: string }> = await runner.query(
        `INSERT INTO engagement.inbox (batch_id, source, kind, content_key, occurred_at, received_at, email, enrolment_id, campaign_id, lead_id,
                                       mailbox_id, step, detail, payload, state, parked_reason)
         VALUES ($1, 'inbound-parse', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $15)
         ON CONFLICT DO NOTHING RETURNING id`,
        [batch.id, facts.kind, facts.contentKey, facts.occurredAt, receivedAt, facts.fromAddress, e?.enrolmentId ?? null, e?.campaignId ?? null, e?.leadId ?? null,
          e?.mailboxId ?? null, d.step, facts.replyClass, JSON.stringify(payload), d.state, d.state === 'parked' ? d.reason : null],
      );
      if (inserted.length === 0) {
        // A concurrent post of the same mail won the insert.
        await runner.query(`UPDATE engagement.received_batches SET duplicates = 1 WHERE id = $1`, [batch.id]);
        await runner.commitTransaction();
        return { id: null, duplicate: true, kind: facts.kind, state: d.state, reason: d.state === 'parked' ? d.reason : null };
      }
      const id = String(inserted[0].id);
      await runner.query(
        `INSERT INTO engagement.replies (inbox_id, message_id, from_address, to_addresses, subject, headers, raw_text, visible_text, reply_class, auto_reply,
                                         out_of_office_until, matched_by)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12)`,
        [id, facts.messageId, facts.fromAddress ?? '', facts.toAddresses, facts.subject, JSON.stringify(facts.headers), facts.rawText, facts.visibleText, facts.replyClass,
          facts.kind !== 'reply', facts.outOfOfficeUntil, d.matchedBy],
      );
      await runner.query(`UPDATE engagement.received_batches SET accepted = 1 WHERE id = $1`, [batch.id]);
      if (d.state === 'pending') await runner.query(`SELECT pg_notify($1, $2)`, [INBOX_CHANNEL, id]);
      await runner.commitTransaction();
      return { id, duplicate: false, kind: facts.kind, state: d.state, reason: d.state === 'parked' ? d.reason : null };
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw unavailable('the reply could not be stored', err);
    } finally {
      await runner.release().catch(() => undefined);
    }
  }
}

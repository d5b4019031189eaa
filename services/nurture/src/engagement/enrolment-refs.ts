import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { nurtureWorkflowId, type EnrolmentRef, type LeadSend, type NurtureStatusName, type ReplyMatch, type ReplyMatchRequest } from '#libs/contracts';
import { distinctInOrder, normaliseMessageId, normaliseReplyToken } from './reply-keys.js';

interface RefRow {
  id: string;
  campaign_id: string;
  lead_id: string;
  email: string;
  mailbox_id: string | null;
  mailbox_address: string | null;
  owner_id: string | null;
  owner_address: string | null;
  status: NurtureStatusName;
  reply_token: string;
}

// The owner's own mailbox hears about replies; an owner with several: the active one first, then by id.
const REF_SQL = `
  SELECT e.id, e.campaign_id, e.lead_id, lower(e.email) AS email, e.mailbox_id, mb.address AS mailbox_address, e.owner_id, e.status, e.reply_token,
         (SELECT o.address FROM nurture.mailboxes o WHERE e.owner_id IS NOT NULL AND o.owner_id = e.owner_id ORDER BY o.active DESC, o.id LIMIT 1) AS owner_address
    FROM nurture.enrolments e LEFT JOIN nurture.mailboxes mb ON mb.id = e.mailbox_id`;

export function enrolmentRef(r: RefRow): EnrolmentRef {
  return {
    enrolmentId: r.id,
    campaignId: r.campaign_id,
    leadId: r.lead_id,
    email: r.email,
    mailboxId: r.mailbox_id,
    mailboxAddress: r.mailbox_address,
    owner: r.owner_id,
    ownerEmail: r.owner_address ?? r.mailbox_address,
    workflowId: nurtureWorkflowId(r.campaign_id, r.lead_id),
    status: r.status,
  };
}

/** What engagement asks about the enrolments behind events and replies, and a lead's sends for the journey. */
@Injectable()
export class EnrolmentRefs {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Unknown ids are left out; the answer keeps the order of the ids asked. */
  async resolve(enrolmentIds: readonly string[]): Promise<EnrolmentRef[]> {
    const ids = [...new Set(enrolmentIds.map((id) => id.toLowerCase()))];
    if (ids.length === 0) return [];
    const rows: RefRow[] = await this.db.query(`${REF_SQL} WHERE e.id = ANY($1::uuid[])`, [ids]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => (byId.has(id) ? [enrolmentRef(byId.get(id)!)] : []));
  }

  /**
   * A reply token names the enrolment outright, so it is tried first; then the Message-IDs in the order given
   * (In-Reply-To before References), each against the ledger, which also names the step replied to.
   */
  async match(request: ReplyMatchRequest): Promise<ReplyMatch> {
    const tokens = distinctInOrder(request.replyTokens, normaliseReplyToken);
    if (tokens.length > 0) {
      const rows: RefRow[] = await this.db.query(`${REF_SQL} WHERE e.reply_token = ANY($1::text[])`, [tokens]);
      const token = tokens.find((t) => rows.some((r) => r.reply_token === t));
      if (token) return { enrolment: enrolmentRef(rows.find((r) => r.reply_token === token)!), matchedBy: 'reply-token', step: null };
    }
    const messageIds = distinctInOrder(request.messageIds, normaliseMessageId);
    if (messageIds.length > 0) {
      const sent: Array<{ enrolment_id: string; step: number; message_id: string }> = await this.db.query(
        `SELECT enrolment_id, step, message_id FROM nurture.send_ledger WHERE message_id = ANY($1::text[])`,
        [messageIds],
      );
      const messageId = messageIds.find((m) => sent.some((s) => s.message_id === m));
      const hit = messageId ? sent.find((s) => s.message_id === messageId)! : null;
      if (hit) {
        const [ref] = await this.resolve([hit.enrolment_id]);
        if (ref) return { enrolment: ref, matchedBy: 'message-id', step: hit.step };
      }
    }
    return { enrolment: null, matchedBy: null, step: null };
  }

  /** The lead's ledger rows, oldest first (sent time, else claim time). */
  async sendsOf(leadId: string, campaignId: string | null): Promise<LeadSend[]> {
    const rows: Array<{
      ledger_key: string;
      enrolment_id: string;
      campaign_id: string;
      step: number;
      variant: string | null;
      subject: string | null;
      status: string;
      message_id: string | null;
      provider_message_id: string | null;
      mailbox_address: string | null;
      at: Date;
    }> = await this.db.query(
      `SELECT l.ledger_key, l.enrolment_id, e.campaign_id, l.step, l.variant, l.subject, l.status, l.message_id, l.provider_message_id,
              mb.address AS mailbox_address, coalesce(l.sent_at, l.claimed_at) AS at
         FROM nurture.send_ledger l
         JOIN nurture.enrolments e ON e.id = l.enrolment_id
         LEFT JOIN nurture.mailboxes mb ON mb.id = l.mailbox_id
        WHERE e.lead_id = $1::uuid AND ($2::text IS NULL OR e.campaign_id = $2)
        ORDER BY coalesce(l.sent_at, l.claimed_at), e.campaign_id, l.step`,
      [leadId, campaignId],
    );
    return rows.map((r) => ({
      ledgerKey: r.ledger_key,
      enrolmentId: r.enrolment_id,
      campaignId: r.campaign_id,
      step: r.step,
      variant: r.variant,
      subject: r.subject,
      status: r.status,
      messageId: r.message_id,
      providerMessageId: r.provider_message_id,
      mailboxAddress: r.mailbox_address,
      at: r.at.toISOString(),
    }));
  }
}

import type { DataSource } from 'typeorm';
import type { LeadReply, ReplyClass } from '#libs/contracts';

interface ReplyRecord {
  id: string;
  at: Date;
  campaign_id: string | null;
  enrolment_id: string | null;
  step: number | null;
  from_address: string;
  subject: string;
  visible_text: string;
  reply_class: ReplyClass;
  auto_reply: boolean;
  out_of_office_until: Date | null;
  matched_by: LeadReply['matchedBy'];
  owner_notified_at: Date | null;
}

/**
 * A lead's replies, oldest first: the ones that acted and the lead's own replies parked after its sequence ended
 * (both carry the lead id). Replies parked without a lead (a different sender, no match) are in the parked list.
 */
export async function leadReplies(db: DataSource, leadId: string, campaignId: string | null): Promise<LeadReply[]> {
  const rows: ReplyRecord[] = await db.query(
    `SELECT i.id, i.occurred_at AS at, i.campaign_id, i.enrolment_id, i.step, r.from_address, r.subject, r.visible_text, r.reply_class,
            r.auto_reply, r.out_of_office_until, r.matched_by, r.owner_notified_at
       FROM engagement.inbox i JOIN engagement.replies r ON r.inbox_id = i.id
      WHERE i.lead_id = $1::uuid AND ($2::text IS NULL OR i.campaign_id = $2)
      ORDER BY i.occurred_at, i.id`,
    [leadId, campaignId],
  );
  return rows.map((r) => ({
    id: String(r.id),
    at: new Date(r.at).toISOString(),
    campaignId: r.campaign_id,
    enrolmentId: r.enrolment_id,
    step: r.step,
    from: r.from_address,
    subject: r.subject,
    text: r.visible_text,
    replyClass: r.reply_class,
    autoReply: r.auto_reply,
    outOfOfficeUntil: r.out_of_office_until ? new Date(r.out_of_office_until).toISOString() : null,
    matchedBy: r.matched_by,
    ownerNotifiedAt: r.owner_notified_at ? new Date(r.owner_notified_at).toISOString() : null,
  }));
}

import type { DataSource } from 'typeorm';
import type { EnrolmentRef, ReplyClass } from '#libs/contracts';
import type { InboxEffect, InboxRow } from '../signaller/inbox-effect.js';
import { ownerNoticeMail } from './owner-notice-mail.js';

/** Sends one notice; resolves when SendGrid accepted it. */
export interface NoticeSender {
  send(mail: ReturnType<typeof ownerNoticeMail>): Promise<void>;
}

/** The send failed before SendGrid could have taken the mail (an HTTP answer, or no connection): safe to retry. */
export function definitelyNotSent(err: unknown): boolean {
  const e = err as { code?: unknown; response?: unknown };
  if (typeof e?.code === 'number' && e.code >= 400) return true;
  return typeof e?.code === 'string' && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(e.code);
}

interface ReplyRecord {
  visible_text: string;
  subject: string;
  reply_class: ReplyClass;
  owner_notice_claimed_at: Date | null;
  owner_notified_at: Date | null;
}

/**
 * Tells the lead's owner that the lead replied: for a reply a person wrote (not an out-of-office or other
 * auto-reply) that matched an enrolment. At most once per reply: the reply row is claimed in a transaction before
 * the send and stamped after. A claim without a stamp means an earlier attempt may have sent it (a crash or a
 * timeout after SendGrid took the mail), so it is recorded as "notice in doubt" and never sent again. A send that
 * certainly failed (SendGrid answered with an error, or no connection) gives the claim back and is retried.
 */
export class OwnerNoticeEffect implements InboxEffect {
  readonly name = 'ownerNotice';

  constructor(
    private readonly db: DataSource,
    private readonly sender: NoticeSender,
    private readonly from: string,
  ) {}

  appliesTo(row: InboxRow & { enrolment: EnrolmentRef | null }): boolean {
    return row.source === 'inbound-parse' && row.kind === 'reply' && row.enrolment !== null;
  }

  async apply(row: InboxRow & { enrolment: EnrolmentRef | null }): Promise<unknown> {
    const enrolment = row.enrolment!;
    const to = enrolment.ownerEmail ?? enrolment.mailboxAddress;
    if (!to) return { notified: false, reason: 'no owner address' };
    const claim = await this.claim(row.id);
    if (claim.kind === 'missing') return { notified: false, reason: 'no reply row' };
    if (claim.kind === 'done') return { notified: true, at: claim.at.toISOString() };
    if (claim.kind === 'in-doubt') return { notified: null, reason: `notice in doubt: claimed at ${claim.at.toISOString()} and never confirmed; not sent again` };
    const mail = ownerNoticeMail({ to, from: this.from, leadId: enrolment.leadId, campaignId: enrolment.campaignId, replyClass: claim.reply.reply_class, subject: claim.reply.subject, text: claim.reply.visible_text, inboxId: row.id });
    try {
      await this.sender.send(mail);
    } catch (err) {
      if (definitelyNotSent(err)) await this.db.query(`UPDATE engagement.replies SET owner_notice_claimed_at = NULL WHERE inbox_id = $1 AND owner_notified_at IS NULL`, [row.id]);
      throw err;
    }
    const at = new Date();
    await this.db.query(`UPDATE engagement.replies SET owner_notified_at = $2 WHERE inbox_id = $1`, [row.id, at]);
    return { notified: true, at: at.toISOString() };
  }

  private async claim(inboxId: string): Promise<{ kind: 'missing' } | { kind: 'done'; at: Date } | { kind: 'in-doubt'; at: Date } | { kind: 'claimed'; reply: ReplyRecord }> {
    return this.db.transaction(async (tx) => {
      const [r]: ReplyRecord[] = await tx.query(
        `SELECT visible_text, subject, reply_class, owner_notice_claimed_at, owner_notified_at FROM engagement.replies WHERE inbox_id = $1 FOR UPDATE`,
        [inboxId],
      );
      if (!r) return { kind: 'missing' as const };
      if (r.owner_notified_at) return { kind: 'done' as const, at: new Date(r.owner_notified_at) };
      if (r.owner_notice_claimed_at) return { kind: 'in-doubt' as const, at: new Date(r.owner_notice_claimed_at) };
      await tx.query(`UPDATE engagement.replies SET owner_notice_claimed_at = now() WHERE inbox_id = $1`, [inboxId]);
      return { kind: 'claimed' as const, reply: r };
    });
  }
}

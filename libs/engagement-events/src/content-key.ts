import { createHash } from 'node:crypto';
import type { InboxEventDraft } from './event-batch.js';

/**
 * SendGrid's `sg_message_id` is the Mail Send answer's X-Message-Id plus a suffix naming the filter server that
 * handled it (".filterdrecv-…", ".filter0001.…", ".recvd-…"); different posts about one message may differ in it.
 */
export function baseMessageId(sgMessageId: string | null): string | null {
  if (sgMessageId === null) return null;
  const cut = sgMessageId.search(/\.(filter|recvd-)/i);
  return cut > 0 ? sgMessageId.slice(0, cut) : sgMessageId;
}

type EventIdentity = Pick<InboxEventDraft, 'kind' | 'sgMessageId' | 'email' | 'timestamp' | 'detail' | 'bounceType' | 'ledgerKey'>;

/**
 * What makes two posts the same event even when SendGrid re-posts it under a new `sg_event_id`: its kind, message
 * (without the filter suffix), address, second, clicked URL or bounce/drop reason (both are `detail`), bounce type
 * and the send's ledger key. Two opens of one message in the same second count once; nothing acts on that
 * difference. sha256 hex of a JSON array, so no field's text can run into the next.
 */
export function eventContentKey(e: EventIdentity): string {
  return sha256(JSON.stringify(['event', e.kind, baseMessageId(e.sgMessageId), e.email, e.timestamp, e.detail, e.bounceType, e.ledgerKey]));
}

/** A reply by its Message-ID; without one (rare, broken mailers), by who sent what when. */
export interface ReplyIdentity {
  messageId: string | null;
  from?: string;
  subject?: string;
  /** The Date header as posted. */
  date?: string;
  body?: string;
}

/**
 * The content key of a reply Inbound Parse posted: the Message-ID (angle brackets and blanks dropped) is the same on
 * every retry of the post; the fallback hashes the sender, subject, Date header and body. Never equal to an event's
 * key (different first element).
 */
export function replyContentKey(r: ReplyIdentity): string {
  if (r.messageId !== null) {
    const id = r.messageId.trim().replace(/^<|>$/g, '').trim();
    if (id) return sha256(JSON.stringify(['reply', 'message-id', id]));
  }
  return sha256(JSON.stringify(['reply', 'content', (r.from ?? '').trim().toLowerCase(), r.subject ?? '', (r.date ?? '').trim(), r.body ?? '']));
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

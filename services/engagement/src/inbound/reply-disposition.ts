import { TERMINAL_NURTURE_STATUSES, type EnrolmentRef, type ReplyMatch } from '#libs/contracts';
import type { ReplyFacts } from './reply-facts.js';

/**
 * What becomes of a posted reply. `pending`: the signaller acts on it (stop, pause). `parked`: kept for a person,
 * no effect; `enrolment` is still set when it is the lead's own reply to a sequence that already ended, so it shows
 * on the lead.
 */
export type ReplyDisposition =
  | { state: 'pending'; enrolment: EnrolmentRef; matchedBy: 'reply-token' | 'message-id'; step: number | null }
  | { state: 'parked'; reason: string; enrolment: EnrolmentRef | null; matchedBy: 'reply-token' | 'message-id' | null; step: number | null; claimed: EnrolmentRef | null };

/**
 * A reply acts only when it names an enrolment nurture issued (reply token or one of our Message-IDs) AND comes from
 * the address that sequence mails. The token is no secret once the mail is forwarded: a colleague forwarding it, an
 * assistant answering from their own address, or anyone holding a copy would otherwise stop or pause the lead's
 * sequence. Those replies are parked with the reason ("from x@… but the sequence mails y@…") and a person decides;
 * a lead writing from a second address of their own is parked the same way.
 */
export function replyDisposition(facts: Pick<ReplyFacts, 'fromAddress' | 'replyTokens' | 'ourMessageIds'>, match: ReplyMatch | null): ReplyDisposition {
  const parked = (reason: string, enrolment: EnrolmentRef | null = null, claimed: EnrolmentRef | null = null): ReplyDisposition => ({
    state: 'parked',
    reason,
    enrolment,
    matchedBy: enrolment ? (match?.matchedBy ?? null) : null,
    step: enrolment ? (match?.step ?? null) : null,
    claimed,
  });
  if (facts.replyTokens.length === 0 && facts.ourMessageIds.length === 0) return parked('no reply token and no Message-ID of ours in the reply');
  if (!match?.enrolment || !match.matchedBy) return parked('no enrolment behind its reply token or Message-IDs');
  const e = match.enrolment;
  if (!facts.fromAddress) return parked(`no From address (the reply names enrolment ${e.enrolmentId})`, null, e);
  if (facts.fromAddress !== e.email.toLowerCase()) return parked(`from ${facts.fromAddress} but the sequence mails ${e.email}`, null, e);
  if (TERMINAL_NURTURE_STATUSES.includes(e.status)) return parked(`the sequence already ended (${e.status})`, e);
  return { state: 'pending', enrolment: e, matchedBy: match.matchedBy, step: match.step };
}

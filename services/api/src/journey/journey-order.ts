import type { JourneyEntry, LeadEngagementEvent, LeadReply, LeadSend } from '#libs/contracts';

/** Kinds of inbox rows that are replies: the reply list shows them (with text and class), so they are not repeated. */
const REPLY_KINDS = new Set<string>(['reply', 'out_of_office', 'auto_reply']);
/** At an equal instant a send comes before what happened to it, and events before the replies they led to. */
const TYPE_RANK: Record<JourneyEntry['type'], number> = { send: 0, engagement: 1, reply: 2 };

interface Placed {
  entry: JourneyEntry;
  /** Sort instant, ms: never before the send the entry belongs to. */
  at: number;
  id: string;
}

/**
 * One lead's sends, engagement events and replies as one list in time order. SendGrid stamps events in whole
 * seconds while a send is stamped in milliseconds, so an event may read earlier than its own send: an event or reply
 * tied to a send (same enrolment and step) is placed no earlier than that send. Equal instants: send, event, reply,
 * then by id (numerically for inbox ids), so the order is the same on every read.
 */
export function journeyEntries(sends: readonly LeadSend[], events: readonly LeadEngagementEvent[], replies: readonly LeadReply[]): JourneyEntry[] {
  const sentAt = new Map<string, number>();
  for (const s of sends) {
    const key = stepKey(s.enrolmentId, s.step);
    const at = Date.parse(s.at);
    if (!sentAt.has(key) || at < sentAt.get(key)!) sentAt.set(key, at);
  }
  const afterSend = (at: string, enrolmentId: string | null, step: number | null) => {
    const own = Date.parse(at);
    const send = enrolmentId !== null && step !== null ? sentAt.get(stepKey(enrolmentId, step)) : undefined;
    return send !== undefined && send > own ? send : own;
  };
  const replyIds = new Set(replies.map((r) => r.id));
  const placed: Placed[] = [
    ...sends.map((s): Placed => ({ entry: { type: 'send', ...s }, at: Date.parse(s.at), id: s.ledgerKey })),
    ...events
      .filter((e) => !(REPLY_KINDS.has(e.kind) && replyIds.has(e.id)))
      .map((e): Placed => ({ entry: { type: 'engagement', ...e }, at: afterSend(e.at, e.enrolmentId, e.step), id: e.id })),
    ...replies.map((r): Placed => ({ entry: { type: 'reply', ...r }, at: afterSend(r.at, r.enrolmentId, r.step), id: r.id })),
  ];
  return placed.sort(byPlace).map((p) => p.entry);
}

function byPlace(a: Placed, b: Placed): number {
  return a.at - b.at || TYPE_RANK[a.entry.type] - TYPE_RANK[b.entry.type] || compareIds(a.id, b.id);
}

function compareIds(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

const stepKey = (enrolmentId: string, step: number) => `${enrolmentId}#${step}`;

/** What the lead's nurture view shows of its replies: the latest per campaign. */
export interface LatestReply {
  at: string;
  replyClass: LeadReply['replyClass'];
  text: string;
  from: string;
  subject: string;
  outOfOfficeUntil: string | null;
}

/**
 * The latest reply per campaign. Auto-replies other than out-of-office are not replies (they neither stop nor pause
 * a sequence), so they are left out; a reply not tied to a campaign is left out too.
 */
export function latestRepliesByCampaign(replies: readonly LeadReply[]): Map<string, LatestReply> {
  const latest = new Map<string, LeadReply>();
  for (const r of replies) {
    if (r.campaignId === null || (r.autoReply && r.replyClass !== 'out_of_office')) continue;
    const seen = latest.get(r.campaignId);
    if (!seen || Date.parse(r.at) > Date.parse(seen.at) || (r.at === seen.at && compareIds(r.id, seen.id) > 0)) latest.set(r.campaignId, r);
  }
  return new Map([...latest].map(([campaignId, r]) => [campaignId, { at: r.at, replyClass: r.replyClass, text: r.text, from: r.from, subject: r.subject, outOfOfficeUntil: r.outOfOfficeUntil }]));
}

import { createHash } from 'node:crypto';
import type { EngagementEventKind, ReplyClass } from '#libs/contracts';
import { parseReplyToken } from '#libs/nurture-templates';
import { classifyReplyWithReason, headerValue, messageIdsIn, outOfOffice, parseHeaderBlock, visibleReply, type MailHeaders } from '#libs/reply-analysis';
import type { ParsePost } from './parse-form.js';

/** Nurture takes at most this many of each in one match request. */
export const MAX_MATCH_TOKENS = 20;
export const MAX_MATCH_MESSAGE_IDS = 100;
const DAY_MS = 86_400_000;

/** Everything the inbound route knows about a posted reply before asking nurture whose it is. */
export interface ReplyFacts {
  /** Lower-case address in From, or null when there is none. */
  fromAddress: string | null;
  toAddresses: string[];
  subject: string;
  /** The reply's own Message-ID, brackets included, or null. */
  messageId: string | null;
  /** Tokens of `reply+<token>@…` addresses in To, Cc, the envelope and Delivered-To. */
  replyTokens: string[];
  /** In-Reply-To first, then References newest first: only IDs on nurture's Message-ID domain. */
  ourMessageIds: string[];
  headers: Record<string, string[]>;
  rawText: string;
  visibleText: string;
  kind: Extract<EngagementEventKind, 'reply' | 'out_of_office' | 'auto_reply'>;
  replyClass: ReplyClass;
  /** Why the class and kind: the auto-responder marker, the phrase, the return date. */
  reason: string;
  /** Out-of-office: the parsed return date, else received + the default days. Null for other kinds. */
  outOfOfficeUntil: Date | null;
  /** The Date header when it is plausible, else when it arrived. */
  occurredAt: Date;
  /** Dedupe key in the inbox: the reply's Message-ID (SendGrid retries a post with the same mail). */
  contentKey: string;
}

export interface ReplyReadingOptions {
  messageIdDomain: string;
  receivedAt: Date;
  defaultOutOfOfficeDays: number;
}

/** Addresses in an address list ("Anna <a@x>, \"Doe, J\" <j@y>, b@z"): every addr-spec-looking token. */
export function addressesIn(list: string | undefined | null): string[] {
  if (!list) return [];
  return [...list.matchAll(/[^\s<>,;:"'()[\]]{1,64}@[^\s<>,;:"'()[\]]{1,255}/g)].map((m) => m[0]);
}

/** The From address, lower-case: the bracketed one when there is one ("Anna <anna@acme.example>"). */
export function fromAddressOf(from: string | undefined): string | null {
  if (!from) return null;
  const bracketed = /<\s*([^<>\s]+@[^<>\s]+)\s*>/.exec(from);
  const address = bracketed ? bracketed[1] : addressesIn(from)[0];
  return address ? address.toLowerCase() : null;
}

function envelopeTo(envelope: string | undefined): string[] {
  if (!envelope) return [];
  try {
    const to = (JSON.parse(envelope) as { to?: unknown }).to;
    return Array.isArray(to) ? to.filter((t): t is string => typeof t === 'string').slice(0, 100) : [];
  } catch {
    return [];
  }
}

function distinct<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** Our Message-IDs in In-Reply-To and References (newest reference first), compared by domain case-insensitively. */
export function ourMessageIds(headers: MailHeaders, domain: string): string[] {
  const suffix = `@${domain.toLowerCase()}>`;
  const references = messageIdsIn((headers.get('references') ?? []).join(' ')).reverse();
  const ids = [...messageIdsIn(headerValue(headers, 'in-reply-to')), ...references];
  return distinct(ids.filter((id) => id.toLowerCase().endsWith(suffix))).slice(0, MAX_MATCH_MESSAGE_IDS);
}

function plausibleDate(value: string | null, receivedAt: Date): Date {
  const t = value ? Date.parse(value) : NaN;
  // A sender's clock (or a forger) must not move a reply far from when it arrived.
  if (Number.isFinite(t) && t <= receivedAt.getTime() + 3_600_000 && t >= receivedAt.getTime() - 30 * DAY_MS) return new Date(t);
  return receivedAt;
}

/** Headers kept with the reply for a person: bounded, so a hostile post cannot bloat the row. */
function headersForRecord(headers: MailHeaders): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  let n = 0;
  for (const [name, values] of headers) {
    if (n++ >= 100) break;
    out[name] = values.slice(0, 20).map((v) => v.slice(0, 2_000));
  }
  return out;
}

/**
 * Reads a posted reply: who sent it, what it answers (reply tokens, our Message-IDs), what the person wrote
 * without quoted history, whether it is an out-of-office notice (until when) or another auto-reply, and its class.
 */
export function readReply(posted: ParsePost, o: ReplyReadingOptions): ReplyFacts {
  // PostgreSQL text and jsonb take no NUL character; a reply with one would be refused (and retried) for days.
  const post: ParsePost = Object.fromEntries(Object.entries(posted).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/\u0000/g, '') : v]));
  const headers = parseHeaderBlock(post.headers ?? '');
  const subject = (post.subject ?? headerValue(headers, 'subject') ?? '').slice(0, 1_000);
  const toAddresses = distinct([...addressesIn(post.to), ...addressesIn(post.cc)].map((a) => a.toLowerCase())).slice(0, 100);
  const tokenSources = [...addressesIn(post.to), ...addressesIn(post.cc), ...envelopeTo(post.envelope), ...(headers.get('delivered-to') ?? []), ...(headers.get('x-original-to') ?? [])];
  const replyTokens = distinct(tokenSources.flatMap((a) => addressesIn(a)).map((a) => parseReplyToken(a)).filter((t): t is string => t !== null)).slice(0, MAX_MATCH_TOKENS);
  const rawText = post.text ?? '';
  const visibleText = visibleReply(rawText, post.html);
  const messageId = messageIdsIn(headerValue(headers, 'message-id'))[0] ?? null;
  const occurredAt = plausibleDate(headerValue(headers, 'date'), o.receivedAt);
  const ooo = outOfOffice(subject, visibleText, headers, o.receivedAt);
  const kind = ooo.outOfOffice ? 'out_of_office' : ooo.automatic ? 'auto_reply' : 'reply';
  const verdict = classifyReplyWithReason(visibleText, subject, kind === 'out_of_office' ? 'out_of_office' : kind === 'auto_reply' ? 'automatic' : null);
  const outOfOfficeUntil = kind === 'out_of_office' ? (ooo.until ?? new Date(o.receivedAt.getTime() + o.defaultOutOfOfficeDays * DAY_MS)) : null;
  const reason = kind === 'reply' ? verdict.reason : ooo.reason;
  const fromAddress = fromAddressOf(post.from);
  // Without a Message-ID, the same post retried has the same sender, subject and text.
  const keySource = messageId ? `mid:${messageId.toLowerCase()}` : `body:${fromAddress ?? ''}\n${subject}\n${rawText}\n${post.html ?? ''}`;
  return {
    fromAddress,
    toAddresses,
    subject,
    messageId,
    replyTokens,
    ourMessageIds: ourMessageIds(headers, o.messageIdDomain),
    headers: headersForRecord(headers),
    rawText,
    visibleText,
    kind,
    replyClass: verdict.replyClass,
    reason,
    outOfOfficeUntil,
    occurredAt,
    contentKey: `reply:${createHash('sha256').update(keySource).digest('hex')}`,
  };
}

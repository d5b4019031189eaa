import { CAMPAIGN_ID_PATTERN, SENDGRID_EVENT_TYPES, type SendGridEventType } from '#libs/contracts';
import { cleanJson, cleanText } from './clean-text.js';

/** SendGrid posts at most a few thousand events at once; anything far beyond is not SendGrid. */
export const MAX_EVENTS_PER_BATCH = 10_000;

export type BounceType = 'hard' | 'soft';

/** One SendGrid event, checked and normalized, as the inbox stores it. */
export interface InboxEventDraft {
  kind: SendGridEventType;
  sgEventId: string;
  /** SendGrid's `timestamp`: when the event happened, unix seconds. */
  timestamp: number;
  occurredAt: Date;
  /** Trimmed and lower-cased. */
  email: string;
  sgMessageId: string | null;
  /** The custom_args nurture puts on every send, echoed by SendGrid as top-level fields. */
  ledgerKey: string | null;
  enrolmentId: string | null;
  campaignId: string | null;
  step: number | null;
  /** Bounces only; see `bounceTypeOf`. */
  bounceType: BounceType | null;
  /** What a person reads: the clicked URL, or the bounce, drop or deferral reason. */
  detail: string | null;
  userAgent: string | null;
  /** SendGrid's `sg_machine_open`: Apple Mail Privacy Protection fetched the pixel, not a person. */
  sgMachineOpen: boolean;
  /** The event as posted (NUL and lone surrogates removed, which PostgreSQL refuses). */
  payload: Record<string, unknown>;
}

/** An event of the batch that was left out, and why; the rest of the batch is still accepted. */
export interface EventProblem {
  index: number;
  field: string;
  message: string;
}

export interface EventBatch {
  events: InboxEventDraft[];
  problems: EventProblem[];
}

/** The post as a whole is not an event batch (not an array, or too many items): nothing of it is taken. */
export class EventBatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventBatchError';
  }
}

/** "[3].timestamp: must be a unix time in seconds" */
export function describeProblem(p: EventProblem): string {
  return `[${p.index}].${p.field}: ${p.message}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// 2000-01-01 to 2100-01-01: wide enough for any real event, narrow enough to catch milliseconds sent as seconds.
const MIN_TIMESTAMP = 946_684_800;
const MAX_TIMESTAMP = 4_102_444_800;
// Indexed columns must stay well under PostgreSQL's btree entry limit; display text is cut, not refused.
const MAX_ID_LENGTH = 255;
const MAX_MESSAGE_ID_LENGTH = 500;
const MAX_DETAIL_LENGTH = 2_000;
const MAX_USER_AGENT_LENGTH = 1_000;
const MAX_STEP = 2_147_483_647;
const KINDS = new Set<string>(SENDGRID_EVENT_TYPES);

/**
 * SendGrid's Event Webhook body → inbox drafts. Throws EventBatchError when the body is not a batch at all. Each
 * item with a bad or unknown field is a problem naming its index and field, and the valid items are still taken:
 * the batch is signed by SendGrid, and refusing all of it for one odd item would make SendGrid retry it for 24 hours
 * and lose the good events with it.
 */
export function parseEventBatch(json: unknown): EventBatch {
  if (!Array.isArray(json)) throw new EventBatchError('the body must be a JSON array of SendGrid events');
  if (json.length > MAX_EVENTS_PER_BATCH) throw new EventBatchError(`the batch has ${json.length} events; at most ${MAX_EVENTS_PER_BATCH} are taken per post`);
  const events: InboxEventDraft[] = [];
  const problems: EventProblem[] = [];
  json.forEach((item, index) => {
    const found: EventProblem[] = [];
    const draft = parseEvent(item, (field, message) => found.push({ index, field, message }));
    if (draft && found.length === 0) events.push(draft);
    else problems.push(...found);
  });
  return { events, problems };
}

type Report = (field: string, message: string) => void;

function parseEvent(item: unknown, problem: Report): InboxEventDraft | null {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    problem('(event)', 'must be a JSON object');
    return null;
  }
  const o = item as Record<string, unknown>;
  const kind = eventKind(o.event, problem);
  const sgEventId = requiredString(o.sg_event_id, MAX_ID_LENGTH, 'sg_event_id', problem);
  const timestamp = unixSeconds(o.timestamp, problem);
  const email = emailAddress(o.email, problem);
  const sgMessageId = optionalString(o.sg_message_id, MAX_MESSAGE_ID_LENGTH, 'sg_message_id', problem);
  const ledgerKey = optionalString(o.ledger_key, MAX_ID_LENGTH, 'ledger_key', problem);
  const enrolmentId = optionalMatch(o.enrolment_id, UUID, 'enrolment_id', 'must be a UUID', problem)?.toLowerCase() ?? null;
  const campaignId = optionalMatch(o.campaign_id, CAMPAIGN_ID_PATTERN, 'campaign_id', 'must be a campaign id (lower-case letters, digits and dashes)', problem);
  const step = stepNumber(o.step, problem);
  if (kind === null || sgEventId === null || timestamp === null || email === null) return null;
  return {
    kind,
    sgEventId,
    timestamp,
    occurredAt: new Date(timestamp * 1000),
    email,
    sgMessageId,
    ledgerKey,
    enrolmentId,
    campaignId,
    step,
    bounceType: kind === 'bounce' ? bounceTypeOf(o.type, o.bounce_classification) : null,
    detail: detailOf(kind, o),
    userAgent: displayText(o.useragent, MAX_USER_AGENT_LENGTH),
    sgMachineOpen: o.sg_machine_open === true,
    payload: cleanJson(o) as Record<string, unknown>,
  };
}

/**
 * Hard or soft, from SendGrid's bounce `type` and `bounce_classification`:
 * - `type: "bounce"` is hard: the receiving server refused the address for good (SendGrid lists it as a bounce);
 * - `type: "blocked"` is soft: a temporary refusal (reputation, content, volume) that says nothing about the address;
 * - whatever the type, the classification "Invalid Address" is hard (the address does not exist);
 * - no type (older posts): hard unless the classification names a temporary cause; unclassified counts as hard,
 *   because mailing a dead address again hurts the sender more than missing one soft bounce.
 */
export function bounceTypeOf(type: unknown, classification: unknown): BounceType {
  const cls = typeof classification === 'string' ? classification.trim().toLowerCase() : '';
  if (cls === 'invalid address') return 'hard';
  const t = typeof type === 'string' ? type.trim().toLowerCase() : '';
  if (t === 'blocked') return 'soft';
  if (t === 'bounce') return 'hard';
  return SOFT_CLASSIFICATIONS.has(cls) ? 'soft' : 'hard';
}
const SOFT_CLASSIFICATIONS = new Set(['technical', 'content', 'reputation', 'frequency/volume', 'mailbox unavailable']);

function detailOf(kind: SendGridEventType, o: Record<string, unknown>): string | null {
  if (kind === 'click') return displayText(o.url, MAX_DETAIL_LENGTH);
  if (kind === 'bounce' || kind === 'dropped') return displayText(o.reason, MAX_DETAIL_LENGTH);
  // A deferral's text is in `response` (the remote server's answer); some posts carry `reason` instead.
  if (kind === 'deferred') return displayText(o.response, MAX_DETAIL_LENGTH) ?? displayText(o.reason, MAX_DETAIL_LENGTH);
  return null;
}

function eventKind(value: unknown, problem: Report): SendGridEventType | null {
  if (typeof value !== 'string') {
    problem('event', 'must be the event type (a string)');
    return null;
  }
  if (!KINDS.has(value)) {
    problem('event', `unknown event type "${cleanText(value).slice(0, 40)}" (taken: ${SENDGRID_EVENT_TYPES.join(', ')})`);
    return null;
  }
  return value as SendGridEventType;
}

function unixSeconds(value: unknown, problem: Report): number | null {
  if (typeof value === 'number' && Number.isInteger(value) && value >= MIN_TIMESTAMP && value < MAX_TIMESTAMP) return value;
  problem('timestamp', 'must be a unix time in seconds');
  return null;
}

function emailAddress(value: unknown, problem: Report): string | null {
  const email = typeof value === 'string' ? cleanText(value).trim().toLowerCase() : '';
  const at = email.lastIndexOf('@');
  if (at > 0 && at < email.length - 1 && email.length <= 320 && !/\s/.test(email)) return email;
  problem('email', 'must be an email address');
  return null;
}

function requiredString(value: unknown, max: number, field: string, problem: Report): string | null {
  const s = typeof value === 'string' ? cleanText(value).trim() : '';
  if (s.length > 0 && s.length <= max) return s;
  problem(field, `must be a non-empty string of at most ${max} characters`);
  return null;
}

/** Absent, null or empty: not there. */
function absent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function optionalString(value: unknown, max: number, field: string, problem: Report): string | null {
  if (absent(value)) return null;
  return requiredString(value, max, field, problem);
}

function optionalMatch(value: unknown, pattern: RegExp, field: string, message: string, problem: Report): string | null {
  if (absent(value)) return null;
  if (typeof value === 'string' && pattern.test(value.trim())) return value.trim();
  problem(field, message);
  return null;
}

/** custom_args are strings in SendGrid ("2"); a number is taken too. */
function stepNumber(value: unknown, problem: Report): number | null {
  if (absent(value)) return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,10}$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (Number.isInteger(n) && n >= 0 && n <= MAX_STEP) return n;
  problem('step', 'must be a whole number ≥ 0');
  return null;
}

function displayText(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  // Cut before cleaning, so a cut through a surrogate pair leaves no lone half behind.
  const s = cleanText(value.trim().slice(0, max)).trim();
  return s || null;
}

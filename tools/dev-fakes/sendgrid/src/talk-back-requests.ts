import { ON_REQUEST_EVENT_TYPES, type EventDetail, type OnRequestEventType } from './events/event-shapes.js';
import type { ReplyKind, ReplyRequest } from './replies/inbound-message.js';
import { REPLY_LANGUAGES, daysAfter, parseCalendarDate, type ReplyLanguage } from './replies/reply-texts.js';
import { isObject } from './validate.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; field: string | null; message: string };

/** An out-of-office without `until` is back this many days later. */
export const DEFAULT_AWAY_DAYS = 5;
const MAX_TEXT = 20_000;

/** `POST /__sandbox/messages/:id/events` { type, url?, bounceType?, machine? } */
export function parseEventRequest(body: unknown): Parsed<{ type: OnRequestEventType; detail: EventDetail }> {
  if (!isObject(body)) return { ok: false, field: null, message: 'expected a JSON object { "type", "url"?, "bounceType"?, "machine"? }' };
  const unknown = Object.keys(body).find((k) => !['type', 'url', 'bounceType', 'machine'].includes(k));
  if (unknown !== undefined) return { ok: false, field: unknown, message: `${unknown} is not a field of an event request` };
  if (!ON_REQUEST_EVENT_TYPES.includes(body.type as OnRequestEventType)) return { ok: false, field: 'type', message: `type must be one of ${ON_REQUEST_EVENT_TYPES.join(', ')}` };
  const type = body.type as OnRequestEventType;
  const detail: EventDetail = {};
  if (body.url !== undefined) {
    if (typeof body.url !== 'string' || !isHttpUrl(body.url)) return { ok: false, field: 'url', message: 'url must be an http(s) URL' };
    if (type !== 'click' && type !== 'group_unsubscribe') return { ok: false, field: 'url', message: 'url goes with a click or group_unsubscribe only' };
    detail.url = body.url;
  }
  if (body.bounceType !== undefined) {
    if (body.bounceType !== 'hard' && body.bounceType !== 'soft') return { ok: false, field: 'bounceType', message: 'bounceType must be hard or soft' };
    if (type !== 'bounce') return { ok: false, field: 'bounceType', message: 'bounceType goes with a bounce only' };
    detail.bounceType = body.bounceType;
  }
  if (body.machine !== undefined) {
    if (typeof body.machine !== 'boolean') return { ok: false, field: 'machine', message: 'machine must be true or false' };
    if (type !== 'open' && type !== 'click') return { ok: false, field: 'machine', message: 'machine goes with an open or click only' };
    detail.machine = body.machine;
  }
  return { ok: true, value: { type, detail } };
}

/** `POST /__sandbox/messages/:id/reply` { kind, text?, language?, until? } */
export function parseReplyRequest(body: unknown, now: Date): Parsed<ReplyRequest> {
  if (!isObject(body)) return { ok: false, field: null, message: 'expected a JSON object { "kind", "text"?, "language"?, "until"? }' };
  const unknown = Object.keys(body).find((k) => !['kind', 'text', 'language', 'until'].includes(k));
  if (unknown !== undefined) return { ok: false, field: unknown, message: `${unknown} is not a field of a reply request` };
  if (body.kind !== 'reply' && body.kind !== 'out-of-office') return { ok: false, field: 'kind', message: 'kind must be reply or out-of-office' };
  const kind = body.kind as ReplyKind;
  if (body.text !== undefined && (typeof body.text !== 'string' || body.text.trim() === '' || body.text.length > MAX_TEXT)) {
    return { ok: false, field: 'text', message: `text must be a non-empty string of at most ${MAX_TEXT} characters` };
  }
  const language = body.language ?? 'en';
  if (!REPLY_LANGUAGES.includes(language as ReplyLanguage)) return { ok: false, field: 'language', message: `language must be one of ${REPLY_LANGUAGES.join(', ')}` };
  let until = daysAfter(now, DEFAULT_AWAY_DAYS);
  if (body.until !== undefined) {
    const parsed = typeof body.until === 'string' ? parseCalendarDate(body.until) : undefined;
    if (!parsed) return { ok: false, field: 'until', message: 'until must be a date written YYYY-MM-DD' };
    if (kind !== 'out-of-office') return { ok: false, field: 'until', message: 'until goes with an out-of-office only' };
    until = parsed;
  }
  return { ok: true, value: { kind, language: language as ReplyLanguage, until, ...(typeof body.text === 'string' ? { text: body.text } : {}) } };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

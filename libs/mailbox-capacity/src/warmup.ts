/**
 * The warm-up ramp: a new mailbox sends `startCap` a day on `startedOn`, `dailyIncrease` more each following day,
 * until it reaches its daily cap. Days are whole calendar days in `timeZone` (the mailbox's sending zone, UTC unless
 * the caller knows better). Before `startedOn` the ramp has not begun, so the mailbox keeps its starting cap rather
 * than its full one: a date set in advance never lets a cold mailbox send at full volume.
 *
 * Pure and workflow-safe: only Intl, no clock reads (time is passed in as epoch ms).
 */
import type { MailboxCaps } from './mailbox-caps.js';

const DAY_MS = 86_400_000;

/** The daily cap in force at `nowMs`: startCap + dailyIncrease × days since startedOn, at most dailyCap. */
export function effectiveDailyCap(caps: MailboxCaps, nowMs: number, timeZone = 'UTC'): number {
  const full = Math.max(0, Math.floor(caps.dailyCap));
  const w = caps.warmup;
  if (!w) return full;
  const days = Math.max(0, localDayNumber(nowMs, timeZone) - dayNumberOf(w.startedOn));
  const ramp = Math.max(0, Math.floor(w.startCap)) + Math.max(0, Math.floor(w.dailyIncrease)) * days;
  return Math.min(full, ramp);
}

/** Whether the ramp still holds the mailbox below its daily cap at `nowMs`. */
export function isWarmingUp(caps: MailboxCaps, nowMs: number, timeZone = 'UTC'): boolean {
  return caps.warmup !== null && effectiveDailyCap(caps, nowMs, timeZone) < Math.max(0, Math.floor(caps.dailyCap));
}

/** The first instant after `ms` that falls on a later local calendar day (local midnight, or just after a gap). */
export function nextLocalDayStart(ms: number, timeZone = 'UTC'): number {
  if (timeZone === 'UTC') return (Math.floor(ms / DAY_MS) + 1) * DAY_MS;
  const today = localDayNumber(ms, timeZone);
  // No zone's day is longer than 26 hours; binary search to the millisecond for the first instant of a later day.
  let lo = ms;
  let hi = ms + 27 * 3_600_000;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (localDayNumber(mid, timeZone) > today) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Days since 1970-01-01 of the local calendar date at `ms` in `timeZone`. */
export function localDayNumber(ms: number, timeZone: string): number {
  if (timeZone === 'UTC') return Math.floor(ms / DAY_MS);
  let year = 0;
  let month = 0;
  let day = 0;
  for (const p of dateFormatter(timeZone).formatToParts(ms)) {
    if (p.type === 'year') year = Number(p.value);
    else if (p.type === 'month') month = Number(p.value);
    else if (p.type === 'day') day = Number(p.value);
  }
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** "YYYY-MM-DD" → days since 1970-01-01; a malformed date is a programming error, not a business rule. */
export function dayNumberOf(isoDate: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== isoDate) {
    throw new RangeError(`warm-up start date must be YYYY-MM-DD, got "${isoDate}"`);
  }
  return Math.floor(ms / DAY_MS);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

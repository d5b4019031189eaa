/**
 * The warm-up ramp: a new mailbox sends `startCap` a day on `startedOn`, `dailyIncrease` more each following day,
 * until it reaches its daily cap. Days are whole calendar days in `timeZone` (the mailbox's sending zone, UTC unless
 * the caller knows better). Before `startedOn` the ramp has not begun, so the mailbox keeps its starting cap rather
 * than its full one: a date set in advance never lets a cold mailbox send at full volume.
 *
 * Pure and workflow-safe: only Intl, no clock reads (time is passed in as epoch ms).
 */
import { localParts } from '#libs/pipeline-clock';
import { checkCaps, type MailboxCaps } from './mailbox-caps.js';

const DAY_MS = 86_400_000;

/** The daily cap in force at `nowMs`: startCap + dailyIncrease × days since startedOn, at most dailyCap. */
export function effectiveDailyCap(caps: MailboxCaps, nowMs: number, timeZone = 'UTC'): number {
  checkCaps(caps);
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
  return (knownDay(ms, timeZone) ?? rememberDay(ms, timeZone)).end;
}

function searchNextDayStart(ms: number, timeZone: string): number {
  const today = uncachedDayNumber(ms, timeZone);
  // No zone's day is longer than 26 hours; binary search to the millisecond for the first instant of a later day.
  let lo = ms;
  let hi = ms + 27 * 3_600_000;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (uncachedDayNumber(mid, timeZone) > today) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Days since 1970-01-01 of the local calendar date at `ms` in `timeZone`. */
export function localDayNumber(ms: number, timeZone: string): number {
  if (timeZone === 'UTC') return Math.floor(ms / DAY_MS);
  return knownDay(ms, timeZone)?.day ?? rememberDay(ms, timeZone).day;
}

interface LocalDay {
  day: number;
  /** First instant of the local day, and of the next one. */
  start: number;
  end: number;
}
// A slot search asks about many instants of the same few days: the last few local days per zone, with bounds.
const knownDays = new Map<string, LocalDay[]>();
const DAYS_KEPT = 8;

function knownDay(ms: number, timeZone: string): LocalDay | undefined {
  return knownDays.get(timeZone)?.find((d) => ms >= d.start && ms < d.end);
}

function rememberDay(ms: number, timeZone: string): LocalDay {
  const local = localClock(ms, timeZone);
  const entry: LocalDay = { day: local.day, ...dayBounds(ms, local, timeZone) };
  const days = knownDays.get(timeZone) ?? [];
  if (days.length >= DAYS_KEPT) days.shift();
  days.push(entry);
  knownDays.set(timeZone, days);
  return entry;
}

/** The local day's bounds: midnight and the next when the offset holds all day, else searched (a DST change). */
function dayBounds(ms: number, local: { day: number; msSinceMidnight: number }, timeZone: string): { start: number; end: number } {
  const start = ms - local.msSinceMidnight;
  const end = start + DAY_MS;
  const atStart = localClock(start, timeZone);
  const atEnd = localClock(end, timeZone);
  if (atStart.day === local.day && atStart.msSinceMidnight === 0 && atEnd.day === local.day + 1 && atEnd.msSinceMidnight === 0) return { start, end };
  let lo = ms - 27 * 3_600_000;
  let hi = ms;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (uncachedDayNumber(mid, timeZone) < local.day) lo = mid;
    else hi = mid;
  }
  return { start: hi, end: searchNextDayStart(ms, timeZone) };
}

function uncachedDayNumber(ms: number, timeZone: string): number {
  return localClock(ms, timeZone).day;
}

function localClock(ms: number, timeZone: string): { day: number; msSinceMidnight: number } {
  const v = localParts(ms, timeZone);
  const subSecond = ((ms % 1000) + 1000) % 1000;
  return {
    day: Math.floor(Date.UTC(v.year, v.month - 1, v.day) / DAY_MS),
    msSinceMidnight: ((v.hour * 60 + v.minute) * 60 + v.second) * 1000 + subSecond,
  };
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

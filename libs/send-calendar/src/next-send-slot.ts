import type { SendSlot, SendSlotRequest, WeeklySendWindow } from '#libs/contracts';
import { MS_PER_DAY, MS_PER_MINUTE, WEEKDAY_NAMES, formatDay, formatInstant, parseInstant, weekdayOfDay } from './civil-days.js';
import { jitterMs } from './jitter.js';
import { holidayCalendar, type HolidayCalendar } from './public-holidays.js';
import { parseBlackoutDates, parseSendWindow, windowLabel, type ParsedWindow } from './send-window.js';
import { zoneClock, type ZoneClock } from './zone-clock.js';

/**
 * The next allowed send instant for one lead: not before `notBefore`, not before the cadence's business day, on
 * a sending day (the weekday has a window, no public holiday of the lead's country or region, no blackout date),
 * with the wall clock inside that weekday's window, then moved by a deterministic jitter that stays inside the
 * same stretch of window. `hold` names the first rule that moved `notBefore`.
 *
 * A window is the set of instants whose wall clock, on that local date, reads within [start, end). On a
 * spring-forward day a start inside the skipped hour opens at the first instant after the gap; on a fall-back
 * day a repeated hour inside the window is open both times. Everything runs on epoch milliseconds and day
 * numbers, without Date objects.
 */

const HOUR = 3_600_000;
/** Wider than any UTC offset (+14:00 is the largest in use). */
const MAX_OFFSET = 16 * HOUR;
/** Wider than any backward clock change plus a day: how far a repeated stretch can reach. */
const NEAR = 30 * HOUR;
/** A calendar with no sending day within three years is a configuration error, not a wait. */
export const SEARCH_DAYS = 3 * 366;

export class NoSendingDayError extends Error {
  override readonly name = 'NoSendingDayError';
}

interface Calendar {
  clock: ZoneClock;
  window: ParsedWindow;
  holidays: HolidayCalendar | null;
  blackouts: Set<number>;
}

// Result registers of earliestOnDay: the loop runs hundreds of thousands of times a second, so no tuples.
let foundAt = 0;
let foundEnd = 0;

export function nextSendSlot(request: SendSlotRequest): SendSlot {
  const spec = request.calendar;
  const cal: Calendar = {
    clock: zoneClock(spec.timeZone),
    window: parseSendWindow(spec.window),
    holidays: holidayCalendar(spec.country, spec.region),
    blackouts: parseBlackoutDates(spec.blackoutDates),
  };
  const notBefore = parseInstant(request.notBefore);
  if (Number.isNaN(notBefore)) throw new RangeError(`notBefore must be an ISO instant, got "${request.notBefore}"`);

  let t = notBefore;
  let hold: string | null = null;
  let minDay = -Infinity;
  const cadence = request.businessDaysAfter;
  if (cadence) {
    const from = parseInstant(cadence.from);
    if (Number.isNaN(from)) throw new RangeError(`businessDaysAfter.from must be an ISO instant, got "${cadence.from}"`);
    if (!Number.isInteger(cadence.days) || cadence.days < 0) throw new RangeError(`businessDaysAfter.days must be a whole number ≥ 0, got ${cadence.days}`);
    minDay = cadenceDay(cal, from, cadence.days);
    earliestOnDay(cal.clock, minDay, 0, 1440, -Infinity);
    if (foundAt > t) {
      t = foundAt;
      hold = `cadence: ${cadence.days} business day${cadence.days === 1 ? '' : 's'} after the first send`;
    }
  }

  earliestAllowed(cal, t, minDay);
  if (hold === null && foundAt !== t) hold = ruleAt(cal, spec.window, t);

  const jitter = jitterMs(request.jitterKey, spec.jitterSeconds);
  const room = foundEnd - foundAt;
  // Fold a jitter that would overrun the window back into it: still deterministic, still ≤ the jitter.
  const at = foundAt + (jitter < room ? jitter : jitter % room);
  return { at: formatInstant(at), hold };
}

/** A business day: the weekday has a window, and it is neither a public holiday nor a blackout date. */
function isSendingDay(cal: Calendar, day: number): boolean {
  return cal.window.start[weekdayOfDay(day)] !== null && !cal.blackouts.has(day) && cal.holidays?.on(day) === undefined;
}

/** The local day that is `days` business days after the local date of `from` (that date itself for 0). */
function cadenceDay(cal: Calendar, from: number, days: number): number {
  let day = cal.clock.localDayOf(from);
  for (let counted = 0, n = 0; counted < days; n++) {
    if (n > SEARCH_DAYS) throw new NoSendingDayError(`no business day within ${SEARCH_DAYS} days of ${formatDay(day - n)}`);
    day++;
    if (isSendingDay(cal, day)) counted++;
  }
  return day;
}

/**
 * Sets foundAt/foundEnd to the earliest allowed instant ≥ t on a local date ≥ minDay (the cadence's), and the end
 * of its stretch of window.
 */
function earliestAllowed(cal: Calendar, t: number, minDay: number): void {
  const { clock, window } = cal;
  // A clock going back after t can bring the previous local date's window round again.
  let day = Math.max(minDay, clock.localDayOf(t) - (clock.nextTransition(t, t + NEAR) !== Infinity ? 1 : 0));
  for (let n = 0; n < SEARCH_DAYS; n++, day++) {
    if (!isSendingDay(cal, day)) continue;
    const wd = weekdayOfDay(day);
    if (!earliestOnDay(clock, day, window.start[wd]!, window.end[wd]!, t)) continue;
    // The same clock change can put the next date's window before the repeated part of this one.
    if (clock.nextTransition(Math.max(t, foundAt - NEAR), foundAt) !== Infinity && isSendingDay(cal, day + 1)) {
      const at = foundAt;
      const end = foundEnd;
      const wd1 = weekdayOfDay(day + 1);
      if (!earliestOnDay(clock, day + 1, window.start[wd1]!, window.end[wd1]!, t) || foundAt >= at) {
        foundAt = at;
        foundEnd = end;
      }
    }
    return;
  }
  throw new NoSendingDayError(`no sending day within ${SEARCH_DAYS} days of ${new Date(t).toISOString()} in ${clock.timeZone}`);
}

/**
 * Earliest instant ≥ t whose wall clock on local `day` reads within [startMin, endMin), walking the stretches of
 * constant offset that can reach that date. Adjacent stretches (a repeated hour inside the window) merge.
 */
function earliestOnDay(clock: ZoneClock, day: number, startMin: number, endMin: number, t: number): boolean {
  const localStart = day * MS_PER_DAY + startMin * MS_PER_MINUTE;
  const localEnd = day * MS_PER_DAY + endMin * MS_PER_MINUTE;
  const limit = localEnd + MAX_OFFSET;
  let cur = localStart - MAX_OFFSET;
  let offset = clock.offsetAt(cur);
  let found = false;
  for (;;) {
    const next = clock.nextTransition(cur, limit);
    const segEnd = next < limit ? next : limit;
    const a = Math.max(cur, localStart - offset);
    const b = Math.min(segEnd, localEnd - offset);
    if (a < b) {
      if (found) {
        if (a > foundEnd) break;
        foundEnd = b;
      } else if (b > t) {
        foundAt = a > t ? a : t;
        foundEnd = b;
        found = true;
      }
    }
    if (segEnd >= limit) break;
    cur = segEnd;
    offset = clock.offsetAt(cur);
  }
  return found;
}

/** The rule that forbids sending at t, in words a person reads in the lead's status. */
function ruleAt(cal: Calendar, window: WeeklySendWindow, t: number): string {
  const day = cal.clock.localDayOf(t);
  const wd = weekdayOfDay(day);
  if (cal.window.start[wd] === null) return WEEKDAY_NAMES[wd]!;
  const holiday = cal.holidays?.on(day);
  if (holiday) return `holiday: ${holiday.name} (${holiday.scope})`;
  if (cal.blackouts.has(day)) return `blackout date ${formatDay(day)}`;
  return `outside ${windowLabel(window, wd)} ${cal.clock.timeZone}`;
}

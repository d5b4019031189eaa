import { WEEKDAYS, type WeeklySendWindow } from '#libs/contracts';
import { digits, parseIsoDate } from './civil-days.js';

/**
 * The campaign's weekly send window and blackout dates: validation with one readable problem per mistake (the
 * API answers them in its 422), and parsing into minutes and day numbers for the calendar's loop.
 */

export interface SendCalendarProblem {
  /** Where the mistake is, e.g. "window.sat.start" or "blackoutDates[2]". */
  path: string;
  message: string;
}

/** Per weekday (0 = Monday), [start, end) in local minutes, or null for a day without sending. */
export interface ParsedWindow {
  start: (number | null)[];
  end: (number | null)[];
}

export const MAX_BLACKOUT_DATES = 1000;

/** "HH:MM" → minutes of the day (00:00 … 23:59; "24:00" as an end), or null. */
function minutes(text: string, isEnd: boolean): number | null {
  if (text.length !== 5 || text.charCodeAt(2) !== 58) return null;
  const h = digits(text, 0, 2);
  const m = digits(text, 3, 2);
  if (h < 0 || m < 0 || m > 59) return null;
  if (h < 24) return h * 60 + m;
  return isEnd && h === 24 && m === 0 ? 1440 : null;
}

export function validateSendWindow(window: unknown): SendCalendarProblem[] {
  const problems: SendCalendarProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message: `${path} ${message}` });
  if (typeof window !== 'object' || window === null || Array.isArray(window)) {
    add('window', 'must be an object with weekdays mon … sun');
    return problems;
  }
  let sendingDays = 0;
  for (const [key, range] of Object.entries(window)) {
    const path = `window.${key}`;
    if (!(WEEKDAYS as readonly string[]).includes(key)) {
      add(path, `is not a weekday (use ${WEEKDAYS.join(', ')})`);
      continue;
    }
    if (range === null || range === undefined) continue;
    if (typeof range !== 'object' || Array.isArray(range)) {
      add(path, 'must be { start, end } or null');
      continue;
    }
    const { start, end } = range as { start?: unknown; end?: unknown };
    const s = typeof start === 'string' ? minutes(start, false) : null;
    const e = typeof end === 'string' ? minutes(end, true) : null;
    if (s === null) add(`${path}.start`, 'must be HH:MM (00:00 … 23:59)');
    if (e === null) add(`${path}.end`, 'must be HH:MM (00:01 … 24:00)');
    if (s !== null && e !== null) {
      if (s >= e) add(path, `start must be before end (${String(start)}–${String(end)})`);
      else sendingDays++;
    }
  }
  if (problems.length === 0 && sendingDays === 0) add('window', 'must have at least one sending day');
  return problems;
}

export function validateBlackoutDates(dates: unknown): SendCalendarProblem[] {
  const problems: SendCalendarProblem[] = [];
  if (!Array.isArray(dates)) return [{ path: 'blackoutDates', message: 'blackoutDates must be a list of dates YYYY-MM-DD' }];
  if (dates.length > MAX_BLACKOUT_DATES) {
    problems.push({ path: 'blackoutDates', message: `blackoutDates may hold at most ${MAX_BLACKOUT_DATES} dates` });
  }
  dates.forEach((d, i) => {
    if (typeof d !== 'string' || parseIsoDate(d) === null) {
      problems.push({ path: `blackoutDates[${i}]`, message: `blackoutDates[${i}] must be a real date YYYY-MM-DD` });
    }
  });
  return problems;
}

/**
 * Per-call parsing, no cache keyed by object: the activity gets a fresh object on every call, and parsing with
 * char codes costs less than a lookup would. Throws RangeError naming the first problem (the API validates first;
 * this guards the activity).
 */
export function parseSendWindow(window: WeeklySendWindow): ParsedWindow {
  const parsed: ParsedWindow = { start: new Array<number | null>(7), end: new Array<number | null>(7) };
  let sendingDays = 0;
  for (let i = 0; i < 7; i++) {
    const range = window[WEEKDAYS[i]!];
    if (!range) {
      parsed.start[i] = null;
      parsed.end[i] = null;
      continue;
    }
    const s = typeof range.start === 'string' ? minutes(range.start, false) : null;
    const e = typeof range.end === 'string' ? minutes(range.end, true) : null;
    if (s === null || e === null || s >= e) throw new RangeError(validateSendWindow(window)[0]?.message ?? 'invalid send window');
    parsed.start[i] = s;
    parsed.end[i] = e;
    sendingDays++;
  }
  if (sendingDays === 0) throw new RangeError('window must have at least one sending day');
  return parsed;
}

/** "09:00–17:00", for hold reasons. */
export function windowLabel(window: WeeklySendWindow, weekday: number): string {
  const range = window[WEEKDAYS[weekday]!];
  return range ? `${range.start}–${range.end}` : 'no window';
}

export function parseBlackoutDates(dates: readonly string[]): Set<number> {
  const days = new Set<number>();
  for (const d of dates) {
    const day = parseIsoDate(d);
    if (day === null) throw new RangeError(`blackout date must be YYYY-MM-DD, got "${d}"`);
    days.add(day);
  }
  return days;
}

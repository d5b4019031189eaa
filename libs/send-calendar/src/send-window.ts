import { WEEKDAYS, type WeeklySendWindow } from '#libs/contracts';
import { parseIsoDate } from './civil-days.js';

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
  /** "09:00–17:00" per weekday, for hold reasons. */
  label: (string | null)[];
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const MAX_BLACKOUT_DATES = 1000;

function minutes(text: string, isEnd: boolean): number | null {
  if (isEnd && text === '24:00') return 1440;
  const m = HH_MM.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
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

const parsedWindows = new WeakMap<WeeklySendWindow, ParsedWindow>();

/** Throws RangeError naming the first problem: callers validate at the API; this guards the activity. */
export function parseSendWindow(window: WeeklySendWindow): ParsedWindow {
  const cached = parsedWindows.get(window);
  if (cached) return cached;
  const problems = validateSendWindow(window);
  if (problems.length > 0) throw new RangeError(problems[0]!.message);
  const parsed: ParsedWindow = { start: [], end: [], label: [] };
  WEEKDAYS.forEach((day, i) => {
    const range = window[day];
    parsed.start[i] = range ? minutes(range.start, false) : null;
    parsed.end[i] = range ? minutes(range.end, true) : null;
    parsed.label[i] = range ? `${range.start}–${range.end}` : null;
  });
  parsedWindows.set(window, parsed);
  return parsed;
}

const parsedBlackouts = new WeakMap<readonly string[], Set<number>>();

export function parseBlackoutDates(dates: readonly string[]): Set<number> {
  const cached = parsedBlackouts.get(dates);
  if (cached) return cached;
  const days = new Set<number>();
  for (const d of dates) {
    const day = parseIsoDate(d);
    if (day === null) throw new RangeError(`blackout date must be YYYY-MM-DD, got "${d}"`);
    days.add(day);
  }
  parsedBlackouts.set(dates, days);
  return days;
}

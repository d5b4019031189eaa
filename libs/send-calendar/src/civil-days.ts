/**
 * Calendar dates as day numbers (days since 1970-01-01), so the calendar's loop compares and steps integers
 * instead of allocating Date objects. Conversions follow H. Hinnant's proleptic Gregorian algorithms.
 */

export const MS_PER_DAY = 86_400_000;
export const MS_PER_MINUTE = 60_000;

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

export function dayFromCivil(year: number, month: number, dayOfMonth: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + dayOfMonth - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function yearOfDay(day: number): number {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return yoe + era * 400 + (month <= 2 ? 1 : 0);
}

/** "YYYY-MM-DD" → day number, or null when it is not a real calendar date (2026-02-30 is refused, not shifted). */
export function parseIsoDate(text: string): number | null {
  if (typeof text !== 'string' || text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const dom = digits(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || dom < 1 || dom > daysInMonth(year, month)) return null;
  return dayFromCivil(year, month, dom);
}

/** The number written by `length` ASCII digits at `from`, or -1. Char codes: no substrings, no regex. */
export function digits(text: string, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Day number → "YYYY-MM-DD". Used for readable reasons, not in the hot loop. */
export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** Epoch ms → "YYYY-MM-DDTHH:MM:SS.sssZ", as Date#toISOString writes it for years 0000–9999, without a Date. */
export function formatInstant(ms: number): string {
  const day = Math.floor(ms / MS_PER_DAY);
  let rest = ms - day * MS_PER_DAY;
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const dom = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return new Date(ms).toISOString();
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const mi = Math.floor(rest / 60_000);
  rest -= mi * 60_000;
  const s = Math.floor(rest / 1000);
  const milli = rest - s * 1000;
  const millis = milli < 10 ? `00${milli}` : milli < 100 ? `0${milli}` : `${milli}`;
  return `${TWO_DIGITS[Math.floor(year / 100)]}${TWO_DIGITS[year % 100]}-${TWO_DIGITS[month]}-${TWO_DIGITS[dom]}T${TWO_DIGITS[h]}:${TWO_DIGITS[mi]}:${TWO_DIGITS[s]}.${millis}Z`;
}

/** ISO instant → epoch ms: "YYYY-MM-DDTHH:MM:SS[.sss]Z" read by char codes, anything else through Date.parse. */
export function parseInstant(text: string): number {
  const n = text.length;
  if ((n === 20 || n === 24) && text.charCodeAt(n - 1) === 90 && text.charCodeAt(10) === 84) {
    const day = parseIsoDate(text.slice(0, 10));
    const h = digits(text, 11, 2);
    const mi = digits(text, 14, 2);
    const s = digits(text, 17, 2);
    const milli = n === 24 && text.charCodeAt(19) === 46 ? digits(text, 20, 3) : n === 20 ? 0 : -1;
    if (day !== null && text.charCodeAt(13) === 58 && text.charCodeAt(16) === 58 && h >= 0 && h < 24 && mi >= 0 && mi < 60 && s >= 0 && s < 60 && milli >= 0) {
      return day * MS_PER_DAY + h * 3_600_000 + mi * 60_000 + s * 1000 + milli;
    }
  }
  return Date.parse(text);
}

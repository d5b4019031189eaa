import { MS_PER_DAY } from './civil-days.js';

/**
 * UTC offsets of one IANA zone, read from the time zone database that ships with Node (ICU) through Intl, and
 * cached as transition lists per 64-day bucket: after the first look-up, `offsetAt` is a map read and a short
 * scan, with no Date or Intl call. A bucket is built by sampling the offset once a day and bisecting each change
 * to the second; two changes within one day that cancel out would be missed (the tz database has none since 1970).
 */

const BUCKET_MS = 64 * MS_PER_DAY;

interface Bucket {
  /** Offset (ms) at the bucket's start. */
  first: number;
  /** Transition instants inside (start, end], ascending, and the offset from each on. */
  at: number[];
  offsets: number[];
}

export class ZoneClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly buckets = new Map<number, Bucket>();

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Offset in ms (local = instant + offset) in force at `instant`. */
  offsetAt(instant: number): number {
    const b = this.bucket(Math.floor(instant / BUCKET_MS));
    let offset = b.first;
    for (let i = 0; i < b.at.length; i++) {
      if (instant < b.at[i]!) break;
      offset = b.offsets[i]!;
    }
    return offset;
  }

  /** The first transition in (after, limit], or Infinity; `limit - after` stays under a bucket in our use. */
  nextTransition(after: number, limit: number): number {
    const first = Math.floor(after / BUCKET_MS);
    const last = Math.floor(limit / BUCKET_MS);
    for (let k = first; k <= last; k++) {
      const b = this.bucket(k);
      for (let i = 0; i < b.at.length; i++) {
        const t = b.at[i]!;
        if (t > after) return t <= limit ? t : Infinity;
      }
    }
    return Infinity;
  }

  /** Local day number (days since 1970-01-01 on the zone's wall calendar) of an instant. */
  localDayOf(instant: number): number {
    return Math.floor((instant + this.offsetAt(instant)) / MS_PER_DAY);
  }

  private bucket(k: number): Bucket {
    let b = this.buckets.get(k);
    if (!b) {
      b = this.build(k);
      this.buckets.set(k, b);
    }
    return b;
  }

  private build(k: number): Bucket {
    const start = k * BUCKET_MS;
    const at: number[] = [];
    const offsets: number[] = [];
    const first = this.rawOffset(start);
    let prevAt = start;
    let prev = first;
    for (let s = start + MS_PER_DAY; s <= start + BUCKET_MS; s += MS_PER_DAY) {
      const o = this.rawOffset(s);
      if (o !== prev) {
        // Bisect to the second: rawOffset(lo) === prev, rawOffset(hi) === the new offset.
        let lo = prevAt;
        let hi = s;
        while (hi - lo > 1000) {
          const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
          if (this.rawOffset(mid) === prev) lo = mid;
          else hi = mid;
        }
        at.push(hi);
        offsets.push(this.rawOffset(hi));
      }
      prevAt = s;
      prev = o;
    }
    return { first, at, offsets };
  }

  /** Offset from Intl: the wall clock read as if it were UTC, minus the instant (both in whole seconds). */
  private rawOffset(instant: number): number {
    const whole = Math.floor(instant / 1000) * 1000;
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    let s = 0;
    for (const part of this.format.formatToParts(whole)) {
      switch (part.type) {
        case 'year': y = Number(part.value); break;
        case 'month': mo = Number(part.value); break;
        case 'day': d = Number(part.value); break;
        case 'hour': h = Number(part.value); break;
        case 'minute': mi = Number(part.value); break;
        case 'second': s = Number(part.value); break;
        default: break;
      }
    }
    const wall = Date.UTC(y, mo - 1, d, h, mi, s);
    return wall - whole;
  }
}

const clocks = new Map<string, ZoneClock>();
const canonical = new Map<string, string | null>();

/** The zone's IANA name ("europe/madrid" → "Europe/Madrid"), or null when Intl does not know the zone. */
export function canonicalTimeZone(name: string | null | undefined): string | null {
  if (typeof name !== 'string' || name.length === 0 || name.length > 64) return null;
  let known = canonical.get(name);
  if (known === undefined) {
    // Names only ("Area/City", "UTC"): offset strings such as "+01:00" are not zones a lead lives in.
    if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) known = null;
    else {
      try {
        const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
        // ICU answers its own (older) ids, "Asia/Calcutta" for "Asia/Kolkata": keep a well-spelt IANA name as
        // given and take ICU's only to fix the letter case of a sloppy one ("europe/madrid").
        known = name !== resolved && /^[A-Z]/.test(name) && !name.split('/').some((part) => /^[a-z]/.test(part)) ? name : resolved;
      } catch {
        known = null;
      }
    }
    canonical.set(name, known);
  }
  return known;
}

/** One cached clock per zone; throws RangeError for a zone Intl does not know. */
export function zoneClock(timeZone: string): ZoneClock {
  let clock = clocks.get(timeZone);
  if (!clock) {
    const name = canonicalTimeZone(timeZone);
    if (!name) throw new RangeError(`unknown time zone "${timeZone}"`);
    clock = clocks.get(name) ?? new ZoneClock(name);
    clocks.set(timeZone, clock);
    clocks.set(name, clock);
  }
  return clock;
}

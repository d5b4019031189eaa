/**
 * Per-minute and per-day request budgets for one source (e.g. Apollo: 200/min, 600/day on some plans).
 * Counters are plain JSON so they can be stored between pulls and shared by the runs of one API key.
 * The minute window starts at its first request; the day window is the UTC calendar day.
 */

export interface RateUsage {
  minuteWindowStart: number;
  minuteCount: number;
  dayWindowStart: number;
  dayCount: number;
}

export interface RateLimits {
  perMinute: number;
  perDay: number;
}

export type RateDecision =
  | { allowed: true; usage: RateUsage }
  | { allowed: false; waitMs: number; reason: 'per-minute budget' | 'per-day budget' };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export function emptyRateUsage(): RateUsage {
  return { minuteWindowStart: 0, minuteCount: 0, dayWindowStart: 0, dayCount: 0 };
}

export function utcDayStart(now: number): number {
  return Math.floor(now / DAY_MS) * DAY_MS;
}

/**
 * Take one request from the budget at `now`. Allowed → the usage to store (this request counted). Refused →
 * how long to wait; for the day budget that is until the next UTC midnight, which callers treat as "stop".
 * The day budget is checked first: when both are spent, waiting a minute would not help.
 */
export function takeRequest(usage: RateUsage | undefined, limits: RateLimits, now: number): RateDecision {
  const current = usage ?? emptyRateUsage();
  const dayStart = utcDayStart(now);
  const dayCount = current.dayWindowStart === dayStart ? current.dayCount : 0;
  // A window starting in the future means the clock moved back (or another host's clock is ahead):
  // start a fresh window rather than blocking for the skew.
  const minuteOpen = now >= current.minuteWindowStart && now < current.minuteWindowStart + MINUTE_MS;
  const minuteStart = minuteOpen ? current.minuteWindowStart : now;
  const minuteCount = minuteOpen ? current.minuteCount : 0;

  if (dayCount >= limits.perDay) {
    return { allowed: false, waitMs: dayStart + DAY_MS - now, reason: 'per-day budget' };
  }
  if (minuteCount >= limits.perMinute) {
    return { allowed: false, waitMs: minuteStart + MINUTE_MS - now, reason: 'per-minute budget' };
  }
  return {
    allowed: true,
    usage: { minuteWindowStart: minuteStart, minuteCount: minuteCount + 1, dayWindowStart: dayStart, dayCount: dayCount + 1 },
  };
}

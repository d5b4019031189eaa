import { emptyRateUsage, takeRequest, type RateDecision, type RateUsage } from './rate-budget.js';

const DAY = Date.UTC(2025, 0, 6);
const NOON = DAY + 12 * 3_600_000;
const limits = { perMinute: 2, perDay: 5 };
const usage = (minuteWindowStart: number, minuteCount: number, dayWindowStart: number, dayCount: number): RateUsage => ({
  minuteWindowStart,
  minuteCount,
  dayWindowStart,
  dayCount,
});

describe('takeRequest', () => {
  it.each<[string, RateUsage | undefined, number, RateDecision]>([
    ['first request ever', undefined, NOON, { allowed: true, usage: usage(NOON, 1, DAY, 1) }],
    ['second within the minute', usage(NOON, 1, DAY, 1), NOON + 10_000, { allowed: true, usage: usage(NOON, 2, DAY, 2) }],
    ['minute spent → wait for the window to end', usage(NOON, 2, DAY, 2), NOON + 10_000, { allowed: false, waitMs: 50_000, reason: 'per-minute budget' }],
    ['new minute window opens', usage(NOON, 2, DAY, 2), NOON + 60_000, { allowed: true, usage: usage(NOON + 60_000, 1, DAY, 3) }],
    ['day spent → wait until next UTC midnight', usage(NOON, 0, DAY, 5), NOON + 60_000, { allowed: false, waitMs: 12 * 3_600_000 - 60_000, reason: 'per-day budget' }],
    ['day checked before minute', usage(NOON, 2, DAY, 5), NOON + 1, { allowed: false, waitMs: 12 * 3_600_000 - 1, reason: 'per-day budget' }],
    ['new UTC day resets the day count', usage(NOON, 2, DAY, 5), DAY + 86_400_000, { allowed: true, usage: usage(DAY + 86_400_000, 1, DAY + 86_400_000, 1) }],
    ['clock moved back starts a fresh minute window', usage(NOON, 2, DAY, 2), NOON - 5_000, { allowed: true, usage: usage(NOON - 5_000, 1, DAY, 3) }],
  ])('%s', (_name, before, now, expected) => {
    expect(takeRequest(before, limits, now)).toEqual(expected);
  });

  it('allows exactly perMinute requests in a minute and perDay in a day', () => {
    let u = emptyRateUsage();
    const allowed: number[] = [];
    for (let minute = 0; minute < 5; minute++) {
      for (let i = 0; i < 3; i++) {
        const d = takeRequest(u, limits, NOON + minute * 60_000 + i);
        if (d.allowed) {
          u = d.usage;
          allowed.push(minute);
        }
      }
    }
    expect(allowed).toEqual([0, 0, 1, 1, 2]);
  });
});

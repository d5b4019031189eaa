import fc from 'fast-check';
import type { MailboxCaps } from './mailbox-caps.js';
import { MAILBOX_NEVER, nextSlotThatFits } from './next-slot.js';
import { effectiveDailyCap } from './warmup.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-03-02T12:00:00Z');

const caps = (over: Partial<MailboxCaps> = {}): MailboxCaps => ({ dailyCap: 50, hourlyCap: 10, minSpacingSeconds: 0, warmup: null, ...over });
/** n claims ending at `end`, `gap` apart. */
const claimsBefore = (end: number, n: number, gap: number) => Array.from({ length: n }, (_, i) => end - (n - 1 - i) * gap);

describe('nextSlotThatFits', () => {
  it('returns the asked instant and no reason when the send fits', () => {
    expect(nextSlotThatFits(caps(), [T0 - 2 * HOUR], T0)).toEqual({ atMs: T0, reason: null });
    expect(nextSlotThatFits(caps(), [], T0)).toEqual({ atMs: T0, reason: null });
  });

  it('rolling 24 h: waits until the oldest claim of a full window leaves it', () => {
    // 50 claims, one every 20 minutes, the last 10 minutes ago: the first of them (16 h 30 ago) leaves at +7 h 30.
    const claims = claimsBefore(T0 - 10 * MIN, 50, 20 * MIN);
    const slot = nextSlotThatFits(caps(), claims, T0);
    expect(slot).toEqual({ atMs: claims[0] + DAY, reason: 'mailbox cap: 50/24 h reached' });
  });

  it('the rolling window is open at its old end: a claim exactly 24 h old no longer counts', () => {
    const claims = claimsBefore(T0 - 3 * HOUR, 50, 5 * MIN);
    expect(nextSlotThatFits(caps({ hourlyCap: 100 }), claims, claims[0] + DAY)).toEqual({ atMs: claims[0] + DAY, reason: null });
    expect(nextSlotThatFits(caps({ hourlyCap: 100 }), claims, claims[0] + DAY - 1).atMs).toBe(claims[0] + DAY);
  });

  it('hourly cap: waits until the oldest claim of the last hour leaves it', () => {
    const claims = claimsBefore(T0 - MIN, 10, 3 * MIN); // 10 in the last 28 minutes
    expect(nextSlotThatFits(caps(), claims, T0)).toEqual({ atMs: claims[0] + HOUR, reason: 'mailbox hourly cap: 10/h reached' });
  });

  it('spacing: waits the minimum gap after the last claim', () => {
    expect(nextSlotThatFits(caps({ minSpacingSeconds: 90 }), [T0 - 30_000], T0)).toEqual({
      atMs: T0 + 60_000,
      reason: 'mailbox spacing: 90 s between sends',
    });
  });

  it('spacing also keeps clear of a claim made later than the asked instant (another replica’s slot)', () => {
    const slot = nextSlotThatFits(caps({ minSpacingSeconds: 90 }), [T0 + 30_000], T0);
    expect(slot).toEqual({ atMs: T0 + 120_000, reason: 'mailbox spacing: 90 s between sends' });
  });

  it('a later claim counts in the windows it shares with the new send', () => {
    // The hour (T0 − 30 min, T0 + 30 min] would hold 10 without the new send: T0 cannot take an 11th.
    const claims = [...claimsBefore(T0 - MIN, 5, MIN), ...claimsBefore(T0 + 30 * MIN, 5, MIN)];
    const slot = nextSlotThatFits(caps(), claims, T0);
    expect(slot.reason).toBe('mailbox hourly cap: 10/h reached');
    expect(slot.atMs).toBeGreaterThan(T0);
  });

  it('warm-up: names the ramp and waits for the window to make room under today’s cap', () => {
    const warm = caps({ warmup: { startedOn: '2026-03-02', startCap: 20, dailyIncrease: 10 } });
    const claims = claimsBefore(T0 - MIN, 20, 10 * MIN);
    const slot = nextSlotThatFits(warm, claims, T0);
    expect(slot.reason).toBe('mailbox warm-up: 20/24 h today');
    // Midnight UTC raises the cap to 30, long before the first claim leaves the window.
    expect(slot.atMs).toBe(Date.parse('2026-03-03T00:00:00Z'));
  });

  it('warm-up counts days in the given zone: Tokyo’s midnight comes 9 hours before UTC’s', () => {
    const warm = caps({ warmup: { startedOn: '2026-03-02', startCap: 5, dailyIncrease: 5 } });
    const at = Date.parse('2026-03-02T10:00:00Z'); // 19:00 in Tokyo
    const claims = claimsBefore(at - MIN, 5, 10 * MIN);
    expect(nextSlotThatFits(warm, claims, at, 'Asia/Tokyo').atMs).toBe(Date.parse('2026-03-02T15:00:00Z'));
    expect(nextSlotThatFits(warm, claims, at).atMs).toBe(Date.parse('2026-03-03T00:00:00Z'));
  });

  it('a ramp that starts at 0 sends from its second day', () => {
    const warm = caps({ warmup: { startedOn: '2026-03-02', startCap: 0, dailyIncrease: 3 } });
    expect(nextSlotThatFits(warm, [], T0)).toEqual({ atMs: Date.parse('2026-03-03T00:00:00Z'), reason: 'mailbox warm-up: 0/24 h today' });
  });

  it.each<[string, Partial<MailboxCaps>, string]>([
    ['daily cap 0', { dailyCap: 0 }, 'mailbox cap: 0/24 h'],
    ['hourly cap 0', { hourlyCap: 0 }, 'mailbox hourly cap: 0/h'],
    ['a ramp stuck at 0', { warmup: { startedOn: '2026-03-01', startCap: 0, dailyIncrease: 0 } }, 'mailbox warm-up: 0/24 h'],
  ])('%s never sends: MAILBOX_NEVER (+Infinity) with the reason', (_name, over, reason) => {
    const slot = nextSlotThatFits(caps(over), [], T0);
    expect(slot).toEqual({ atMs: MAILBOX_NEVER, reason });
    expect(slot.atMs).toBe(Number.POSITIVE_INFINITY);
  });

  it('tolerates unsorted claims and claims older than 24 h', () => {
    const claims = claimsBefore(T0 - MIN, 10, 3 * MIN).reverse();
    expect(nextSlotThatFits(caps(), [T0 - 3 * DAY, ...claims], T0).atMs).toBe(T0 - MIN - 9 * 3 * MIN + HOUR);
  });

  it('refuses a non-finite instant, and caps that are not numbers ≥ 0 (a NaN cap must not read as "always fits")', () => {
    expect(() => nextSlotThatFits(caps(), [], Number.NaN)).toThrow(RangeError);
    expect(() => nextSlotThatFits(caps({ dailyCap: Number.NaN }), [], T0)).toThrow(/dailyCap NaN/);
    expect(() => nextSlotThatFits(caps({ hourlyCap: -1 }), [], T0)).toThrow(RangeError);
    expect(() => nextSlotThatFits(caps({ minSpacingSeconds: undefined as unknown as number }), [], T0)).toThrow(/minSpacingSeconds undefined/);
    expect(() => nextSlotThatFits(caps({ warmup: { startedOn: '2026-03-01', startCap: Number.NaN, dailyIncrease: 1 } }), [], T0)).toThrow(/warmup.startCap/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties against an independent checker: the whole history of claims, however they were asked for, never has
// more sends in any rolling 24 h / hour than the cap in force, nor two sends closer than the spacing; and every
// answer is the earliest instant that fits.

/** Independent of the implementation: every window ending at a send, counted by brute force. */
function violations(c: MailboxCaps, sends: readonly number[], timeZone: string): string[] {
  const out: string[] = [];
  const sorted = [...sends].sort((a, b) => a - b);
  for (const s of sorted) {
    const inDay = sorted.filter((x) => x > s - DAY && x <= s).length;
    const inHour = sorted.filter((x) => x > s - HOUR && x <= s).length;
    if (inDay > effectiveDailyCap(c, s, timeZone)) out.push(`${inDay} in the 24 h ending ${s}`);
    if (inHour > c.hourlyCap) out.push(`${inHour} in the hour ending ${s}`);
  }
  for (let i = 1; i < sorted.length; i++) if (sorted[i] - sorted[i - 1] < c.minSpacingSeconds * 1000) out.push(`spacing at ${sorted[i]}`);
  return out;
}

/** Whether one more send at t keeps the history valid (brute force). */
const fitsAt = (c: MailboxCaps, sends: readonly number[], t: number, tz: string) => violations(c, [...sends, t], tz).length === 0;

const capsArb = fc.record({
  dailyCap: fc.integer({ min: 1, max: 12 }),
  hourlyCap: fc.integer({ min: 1, max: 5 }),
  minSpacingSeconds: fc.constantFrom(0, 60, 300, 1200),
  warmup: fc.option(fc.record({ startedOn: fc.constantFrom('2026-03-01', '2026-03-02', '2026-03-03'), startCap: fc.integer({ min: 0, max: 4 }), dailyIncrease: fc.integer({ min: 1, max: 3 }) }), { nil: null }),
});
// Requests land anywhere in three days, in any order (several replicas asking at once, clocks apart).
const requestsArb = fc.array(fc.integer({ min: 0, max: 3 * 24 * 60 }).map((m) => T0 - DAY + m * MIN), { minLength: 1, maxLength: 40 });
const zoneArb = fc.constantFrom('UTC', 'Europe/Madrid', 'Asia/Kolkata', 'America/Los_Angeles');

describe('nextSlotThatFits properties', () => {
  it('never exceeds any cap or the spacing, whatever order slots are asked in', () => {
    fc.assert(
      fc.property(capsArb, requestsArb, zoneArb, (c, requests, tz) => {
        const sends: number[] = [];
        for (const at of requests) {
          const slot = nextSlotThatFits(c, [...sends].sort((a, b) => a - b), at, tz);
          expect(slot.atMs).toBeGreaterThanOrEqual(at);
          expect(Number.isFinite(slot.atMs)).toBe(true);
          sends.push(slot.atMs);
        }
        expect(violations(c, sends, tz)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('answers the earliest instant that fits (checked minute by minute), and a reason exactly when it moved', () => {
    fc.assert(
      fc.property(capsArb, requestsArb, zoneArb, (c, requests, tz) => {
        const sends: number[] = [];
        for (const at of requests) {
          const slot = nextSlotThatFits(c, [...sends].sort((a, b) => a - b), at, tz);
          expect(fitsAt(c, sends, slot.atMs, tz)).toBe(true);
          expect(slot.reason === null).toBe(slot.atMs === at);
          // Instants before the answer are taken: every whole minute of the last two hours before it (where an
          // off-by-one would show), and a spread of minutes before that (claims and requests sit on whole minutes).
          const stride = Math.max(MIN, Math.floor((slot.atMs - at) / 40 / MIN) * MIN);
          for (let t = at; t < slot.atMs - 2 * HOUR; t += stride) expect(fitsAt(c, sends, t, tz)).toBe(false);
          for (let t = Math.max(at, slot.atMs - 2 * HOUR); t < slot.atMs - 1; t += MIN) expect(fitsAt(c, sends, t, tz)).toBe(false);
          sends.push(slot.atMs);
        }
      }),
      { numRuns: 60 },
    );
  });
});

import fc from 'fast-check';
import { effectiveDailyCap, isWarmingUp } from './warmup.js';
import type { MailboxCaps } from './mailbox-caps.js';

const caps = (warmup: MailboxCaps['warmup'], dailyCap = 50): MailboxCaps => ({ dailyCap, hourlyCap: 10, minSpacingSeconds: 0, warmup });
const at = (iso: string) => Date.parse(iso);

describe('effectiveDailyCap: the warm-up ramp', () => {
  const ramp = caps({ startedOn: '2026-03-02', startCap: 10, dailyIncrease: 5 });

  it('is the daily cap when the mailbox has no ramp', () => {
    expect(effectiveDailyCap(caps(null), at('2026-03-02T12:00:00Z'))).toBe(50);
  });

  it.each([
    ['2026-03-02T00:00:00Z', 10],
    ['2026-03-02T23:59:59Z', 10],
    ['2026-03-03T00:00:00Z', 15],
    ['2026-03-05T12:00:00Z', 25],
    ['2026-03-10T12:00:00Z', 50],
    ['2026-09-10T12:00:00Z', 50],
  ])('at %s it is %i (start 10, +5 a day, at most 50)', (iso, expected) => {
    expect(effectiveDailyCap(ramp, at(iso))).toBe(expected);
  });

  it('keeps the starting cap before the ramp begins, never the full cap', () => {
    expect(effectiveDailyCap(ramp, at('2026-02-20T12:00:00Z'))).toBe(10);
  });

  it('counts days on the given zone’s calendar', () => {
    // 23:30 UTC on 2 March is already 3 March in Tokyo, still 2 March in New York.
    expect(effectiveDailyCap(ramp, at('2026-03-02T23:30:00Z'), 'Asia/Tokyo')).toBe(15);
    expect(effectiveDailyCap(ramp, at('2026-03-03T03:00:00Z'), 'America/New_York')).toBe(10);
  });

  it('says whether the ramp still holds the mailbox below its cap', () => {
    expect(isWarmingUp(ramp, at('2026-03-03T12:00:00Z'))).toBe(true);
    expect(isWarmingUp(ramp, at('2026-03-20T12:00:00Z'))).toBe(false);
    expect(isWarmingUp(caps(null), at('2026-03-03T12:00:00Z'))).toBe(false);
  });

  it('refuses a malformed start date', () => {
    expect(() => effectiveDailyCap(caps({ startedOn: '2026-02-30', startCap: 1, dailyIncrease: 1 }), 0)).toThrow(RangeError);
    expect(() => effectiveDailyCap(caps({ startedOn: '2 March', startCap: 1, dailyIncrease: 1 }), 0)).toThrow(/YYYY-MM-DD/);
  });
});

describe('local days (warm-up counting) across DST changes', () => {
  const zones = ['Europe/Madrid', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata', 'Pacific/Chatham'];
  const dayIndex = (ms: number, timeZone: string) => Date.parse(`${new Intl.DateTimeFormat('en-CA', { timeZone }).format(ms)}T00:00:00Z`) / 86_400_000;

  it('counts the same local day as an independent Intl reading, for any order of instants', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.array(fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-01-01T00:00:00Z') }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: -90 * 60_000, max: 90 * 60_000 }), { minLength: 1, maxLength: 30 }),
        (timeZone, instants, nudges) => {
          const start = Date.parse('2025-06-01T00:00:00Z') / 86_400_000;
          const ramp = caps({ startedOn: '2025-06-01', startCap: 0, dailyIncrease: 1 }, 10_000);
          for (const base of instants) {
            for (const nudge of nudges) {
              const ms = base + nudge;
              expect(effectiveDailyCap(ramp, ms, timeZone)).toBe(dayIndex(ms, timeZone) - start);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('around a spring-forward and a fall-back midnight (Santiago changes at midnight)', () => {
    const ramp = caps({ startedOn: '2026-01-01', startCap: 0, dailyIncrease: 1 }, 10_000);
    for (const iso of ['2026-04-04T23:59:59.999-03:00', '2026-04-05T00:00:00-04:00', '2026-09-05T23:59:59.999-04:00', '2026-09-06T01:00:00-03:00']) {
      const ms = Date.parse(iso);
      expect(effectiveDailyCap(ramp, ms, 'America/Santiago')).toBe(dayIndex(ms, 'America/Santiago') - dayIndex(Date.parse('2026-01-01T12:00:00Z'), 'UTC'));
    }
  });
});

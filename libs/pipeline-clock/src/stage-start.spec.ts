import { localToUtc, stageStartDelayMs } from './stage-start.js';

const at = (iso: string) => Date.parse(iso);
const minutes = (ms: number) => ms / 60_000;

describe('stageStartDelayMs', () => {
  it.each([
    // now (UTC), zone, stage time, minutes to wait
    ['2026-03-10T01:00:00Z', 'UTC', '03:00', 120],
    ['2026-03-10T03:30:00Z', 'UTC', '03:00', 0], // already past today: run now (catch-up)
    ['2026-03-10T01:00:00Z', 'Europe/Berlin', '03:00', 60], // 02:00 local, CET = UTC+1
    ['2026-07-10T00:00:00Z', 'Europe/Berlin', '03:00', 60], // 02:00 local, CEST = UTC+2
    ['2026-03-10T07:00:00Z', 'America/New_York', '05:00', 120], // 03:00 EDT (DST began 8 Mar)
    ['2026-03-07T07:00:00Z', 'America/New_York', '05:00', 180], // 02:00 EST
    ['2026-01-01T20:00:00Z', 'Asia/Kolkata', '06:00', 270], // 01:30 IST on 2 Jan, 4.5 h before 06:00
  ])('now %s in %s, stage at %s → %d min', (now, tz, hhmm, expected) => {
    expect(minutes(stageStartDelayMs(at(now), tz, hhmm))).toBe(expected);
  });

  it('maps a wall-clock time in the spring-forward gap to just after the gap', () => {
    // 2026-03-29 02:30 does not exist in Berlin; 03:30 CEST = 01:30Z.
    const utc = localToUtc({ year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0 }, 'Europe/Berlin');
    expect(new Date(utc).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('picks the earlier instant of a fall-back overlap', () => {
    // 2026-10-25 02:30 happens twice in Berlin; the first is 00:30Z (CEST).
    const utc = localToUtc({ year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0 }, 'Europe/Berlin');
    expect(new Date(utc).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });
});

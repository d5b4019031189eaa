import { dayFromCivil, formatInstant, parseInstant, parseIsoDate, weekdayOfDay, yearOfDay } from './civil-days.js';
import { ZoneClock } from './zone-clock.js';

describe('day numbers and instants without Date', () => {
  test('formatInstant and parseInstant agree with Date over 1900–2100', () => {
    for (let ms = Date.UTC(1900, 0, 1); ms < Date.UTC(2100, 0, 1); ms += 86_400_000 * 13 + 3_723_457) {
      const iso = new Date(ms).toISOString();
      expect(formatInstant(ms)).toBe(iso);
      expect(parseInstant(iso)).toBe(ms);
      expect(parseInstant(iso.replace(/\.\d{3}Z$/, 'Z'))).toBe(Math.floor(ms / 1000) * 1000);
      const day = Math.floor(ms / 86_400_000);
      expect(yearOfDay(day)).toBe(new Date(ms).getUTCFullYear());
      expect(weekdayOfDay(day)).toBe((new Date(ms).getUTCDay() + 6) % 7);
      expect(parseIsoDate(iso.slice(0, 10))).toBe(day);
    }
  });

  test('other ISO forms go through Date.parse; impossible dates are refused', () => {
    expect(parseInstant('2026-12-04T11:00:00+01:00')).toBe(Date.UTC(2026, 11, 4, 10));
    expect(parseInstant('2026-12-04T25:00:00Z')).toBeNaN();
    expect(parseIsoDate('2026-02-29')).toBeNull();
    expect(parseIsoDate('2028-02-29')).toBe(dayFromCivil(2028, 2, 29));
    expect(parseIsoDate('2100-02-29')).toBeNull();
    expect(parseIsoDate('2026-1-01')).toBeNull();
  });
});

describe('ZoneClock', () => {
  test('offsets match Intl at every hour around the changes of 2026–2028, and at random instants', () => {
    for (const zone of ['Europe/Madrid', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'Pacific/Auckland', 'Africa/Cairo', 'Asia/Kolkata']) {
      const clock = new ZoneClock(zone);
      const fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
      const intlOffset = (ms: number) => {
        const name = fmt.formatToParts(ms).find((p) => p.type === 'timeZoneName')!.value; // "GMT+10:30" or "GMT"
        const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
        return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
      };
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2029, 0, 1); ms += 3_600_000 * 7 + 60_000 * 13) {
        expect([zone, new Date(ms).toISOString(), clock.offsetAt(ms)]).toEqual([zone, new Date(ms).toISOString(), intlOffset(ms)]);
      }
    }
  });

  test('transitions are found to the second: Madrid 29 Mar 2026 01:00:00Z', () => {
    const clock = new ZoneClock('Europe/Madrid');
    const change = Date.UTC(2026, 2, 29, 1);
    expect(clock.offsetAt(change - 1)).toBe(3_600_000);
    expect(clock.offsetAt(change)).toBe(7_200_000);
    expect(clock.nextTransition(change - 86_400_000, change + 86_400_000)).toBe(change);
    expect(clock.nextTransition(change, change + 86_400_000)).toBe(Infinity);
  });
});

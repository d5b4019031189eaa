import { DEFAULT_SEND_WINDOW, type SendCalendarSpec, type SendSlotRequest, type WeeklySendWindow } from '#libs/contracts';
import { NoSendingDayError, nextSendSlot } from './index.js';

const madrid: SendCalendarSpec = {
  timeZone: 'Europe/Madrid',
  timeZoneSource: 'lead',
  country: 'ES',
  region: 'ES-MD',
  window: DEFAULT_SEND_WINDOW,
  blackoutDates: [],
  jitterSeconds: 0,
};

const everyDay = (start: string, end: string): WeeklySendWindow =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, { start, end }]));

function slot(calendar: Partial<SendCalendarSpec>, notBefore: string, extra: Partial<SendSlotRequest> = {}) {
  return nextSendSlot({ calendar: { ...madrid, ...calendar }, notBefore, jitterKey: 'enrolment-1/0', ...extra });
}

describe('nextSendSlot: weekdays, holidays, blackouts and the window (Europe/Madrid, ES-MD, Mon–Fri 09:00–17:00)', () => {
  test.each([
    ['inside the window: sends at notBefore', '2026-12-04T10:00:00.000Z', '2026-12-04T10:00:00.000Z', null],
    ['before the window opens: 09:00 local the same day', '2026-12-04T06:30:00.000Z', '2026-12-04T08:00:00.000Z', 'outside 09:00–17:00 Europe/Madrid'],
    ['at 17:00 local (the end is not in the window): next sending day', '2026-12-04T16:00:00.000Z', '2026-12-09T08:00:00.000Z', 'outside 09:00–17:00 Europe/Madrid'],
    // Sat 5, Sun 6 (Constitución), Mon 7 (its substitute), Tue 8 (Inmaculada): Wednesday.
    ['Saturday, then a holiday weekend: Wednesday 09:00', '2026-12-05T10:00:00.000Z', '2026-12-09T08:00:00.000Z', 'Saturday'],
    ['Sunday', '2027-01-10T10:00:00.000Z', '2027-01-11T08:00:00.000Z', 'Sunday'],
    ['a national holiday on a Monday', '2027-12-06T10:00:00.000Z', '2027-12-07T08:00:00.000Z', 'holiday: Día de la Constitución Española (ES)'],
    ['a regional holiday of the lead’s region', '2027-05-03T10:00:00.000Z', '2027-05-04T07:00:00.000Z', 'holiday: Día de la Comunidad de Madrid (ES-MD)'],
    ['Christmas Day', '2026-12-25T09:00:00.000Z', '2026-12-28T08:00:00.000Z', 'holiday: Navidad (ES)'],
  ])('%s', (_name, notBefore, at, hold) => {
    expect(slot({}, notBefore)).toEqual({ at, hold });
  });

  test('a regional holiday does not hold a lead of another region', () => {
    expect(slot({ region: 'ES-GA' }, '2027-05-03T10:00:00.000Z')).toEqual({ at: '2027-05-03T10:00:00.000Z', hold: null });
    expect(slot({ region: null }, '2027-05-03T10:00:00.000Z').hold).toBeNull();
  });

  test('bank holidays and observances are sending days (public holidays only)', () => {
    // Germany: Heiliger Abend is a bank holiday; USA: Valentine's Day is an observance.
    expect(slot({ timeZone: 'Europe/Berlin', country: 'DE', region: null }, '2026-12-24T10:00:00.000Z').hold).toBeNull();
    expect(slot({ timeZone: 'America/New_York', country: 'US', region: null }, '2028-02-14T15:00:00.000Z').hold).toBeNull();
  });

  test('blackout dates: the date is skipped and named', () => {
    const r = slot({ blackoutDates: ['2026-12-23', '2026-12-24'] }, '2026-12-23T10:00:00.000Z');
    // 23, 24 blacked out, 25 Navidad, 26–27 weekend.
    expect(r).toEqual({ at: '2026-12-28T08:00:00.000Z', hold: 'blackout date 2026-12-23' });
  });

  test('a lead without country has no holidays; an unknown country or region is no error', () => {
    expect(slot({ country: null, region: null }, '2027-12-06T10:00:00.000Z').hold).toBeNull();
    expect(slot({ country: 'XX', region: 'XX-YY' }, '2027-12-06T10:00:00.000Z').hold).toBeNull();
    expect(slot({ region: 'ES-ZZ' }, '2027-12-06T10:00:00.000Z').hold).toBe('holiday: Día de la Constitución Española (ES)');
  });
});

describe('nextSendSlot: windows per weekday', () => {
  const window: WeeklySendWindow = { tue: { start: '10:00', end: '12:00' }, thu: { start: '14:30', end: '16:45' } };

  test.each([
    ['Monday has no window', '2027-01-11T10:00:00.000Z', '2027-01-12T09:00:00.000Z', 'Monday'],
    ['Tuesday inside', '2027-01-12T10:59:00.000Z', '2027-01-12T10:59:00.000Z', null],
    ['Tuesday after its window: Thursday 14:30', '2027-01-12T11:00:00.000Z', '2027-01-14T13:30:00.000Z', 'outside 10:00–12:00 Europe/Madrid'],
    ['Wednesday: Thursday 14:30', '2027-01-13T08:00:00.000Z', '2027-01-14T13:30:00.000Z', 'Wednesday'],
    ['Thursday morning: its own window', '2027-01-14T08:00:00.000Z', '2027-01-14T13:30:00.000Z', 'outside 14:30–16:45 Europe/Madrid'],
    ['Thursday after its window: next Tuesday', '2027-01-14T15:45:00.000Z', '2027-01-19T09:00:00.000Z', 'outside 14:30–16:45 Europe/Madrid'],
  ])('%s', (_name, notBefore, at, hold) => {
    expect(slot({ window }, notBefore)).toEqual({ at, hold });
  });

  test('a window open every day (the demo campaign’s): any hour goes, holidays still hold', () => {
    const open = everyDay('00:00', '24:00');
    expect(slot({ window: open }, '2026-12-05T02:13:00.000Z')).toEqual({ at: '2026-12-05T02:13:00.000Z', hold: null });
    expect(slot({ window: open }, '2026-12-05T22:59:59.000Z')).toEqual({ at: '2026-12-05T22:59:59.000Z', hold: null });
    // Navidad: midnight local on the 26th.
    expect(slot({ window: open }, '2026-12-25T12:00:00.000Z')).toEqual({ at: '2026-12-25T23:00:00.000Z', hold: 'holiday: Navidad (ES)' });
  });

  test('a window with no sending day at all is refused, not searched for ever', () => {
    expect(() => slot({ window: {} }, '2026-12-04T10:00:00.000Z')).toThrow('window must have at least one sending day');
    expect(() => slot({ window: { mon: { start: '9:00', end: '17:00' } } }, '2026-12-04T10:00:00.000Z')).toThrow('window.mon.start must be HH:MM');
    const allBlack = Array.from({ length: 7 }, (_, i) => `2027-01-${String(4 + i).padStart(2, '0')}`);
    expect(() => slot({ window: { mon: { start: '09:00', end: '10:00' } }, blackoutDates: allBlack.slice(0, 1) }, '2027-01-04T00:00:00.000Z')).not.toThrow();
  });

  test('a calendar whose every sending day is blacked out for three years says so', () => {
    const days: string[] = [];
    for (let d = Date.UTC(2027, 0, 1); d < Date.UTC(2030, 1, 1); d += 86_400_000) {
      if (new Date(d).getUTCDay() === 1) days.push(new Date(d).toISOString().slice(0, 10));
    }
    expect(() => slot({ window: { mon: { start: '09:00', end: '10:00' } }, blackoutDates: days }, '2027-01-01T00:00:00.000Z')).toThrow(NoSendingDayError);
  });

  test('unknown zone and malformed instants are errors, not guesses', () => {
    expect(() => slot({ timeZone: 'Mars/Olympus' }, '2026-12-04T10:00:00.000Z')).toThrow(RangeError);
    expect(() => slot({}, 'yesterday')).toThrow('notBefore must be an ISO instant');
    expect(slot({}, '2026-12-04T11:00:00+01:00')).toEqual({ at: '2026-12-04T10:00:00.000Z', hold: null });
  });
});

describe('nextSendSlot: cadence in business days', () => {
  test('counts over weekends and holidays: 3 business days after Friday 3 Dec 2027 is Friday 10', () => {
    // Mon 6 Constitución and Wed 8 Inmaculada do not count: Tue 7 (1), Thu 9 (2), Fri 10 (3).
    const r = slot({}, '2027-12-03T10:01:00.000Z', { businessDaysAfter: { from: '2027-12-03T10:00:00.000Z', days: 3 } });
    expect(r).toEqual({ at: '2027-12-10T08:00:00.000Z', hold: 'cadence: 3 business days after the first send' });
  });

  test('blackout dates are not business days either', () => {
    const r = slot({ blackoutDates: ['2027-12-09'] }, '2027-12-03T10:01:00.000Z', { businessDaysAfter: { from: '2027-12-03T10:00:00.000Z', days: 3 } });
    expect(r.at).toBe('2027-12-13T08:00:00.000Z');
  });

  test('counts from the local date of the first send (late evening UTC is the next day in Tokyo)', () => {
    const tokyo = { timeZone: 'Asia/Tokyo', country: 'JP', region: null };
    // 2027-01-13T20:00Z is Thursday 14 05:00 in Tokyo: 1 business day later is Friday 15.
    const r = slot(tokyo, '2027-01-13T20:00:00.000Z', { businessDaysAfter: { from: '2027-01-13T20:00:00.000Z', days: 1 } });
    expect(r).toEqual({ at: '2027-01-15T00:00:00.000Z', hold: 'cadence: 1 business day after the first send' });
  });

  test('a cadence already met does not hold; notBefore later than the cadence wins', () => {
    expect(slot({}, '2027-12-14T10:00:00.000Z', { businessDaysAfter: { from: '2027-12-03T10:00:00.000Z', days: 3 } })).toEqual({
      at: '2027-12-14T10:00:00.000Z',
      hold: null,
    });
    expect(slot({}, '2027-12-03T10:00:00.000Z', { businessDaysAfter: { from: '2027-12-03T10:00:00.000Z', days: 0 } }).hold).toBeNull();
    expect(() => slot({}, '2027-12-03T10:00:00.000Z', { businessDaysAfter: { from: '2027-12-03T10:00:00.000Z', days: -1 } })).toThrow(RangeError);
  });
});

describe('nextSendSlot: jitter', () => {
  test('the same key lands on the same instant; different keys spread over [0, jitterSeconds)', () => {
    const cal = { jitterSeconds: 900 };
    const a = slot(cal, '2026-12-04T06:00:00.000Z', { jitterKey: 'enr-7/2' });
    expect(slot(cal, '2026-12-04T06:00:00.000Z', { jitterKey: 'enr-7/2' })).toEqual(a);
    const offsets = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const r = slot(cal, '2026-12-04T06:00:00.000Z', { jitterKey: `enr-${i}/0` });
      const offset = Date.parse(r.at) - Date.parse('2026-12-04T08:00:00.000Z');
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(900_000);
      expect(offset % 1000).toBe(0);
      expect(r.hold).toBe('outside 09:00–17:00 Europe/Madrid');
      offsets.add(offset);
    }
    expect(offsets.size).toBeGreaterThan(150);
  });

  test('near the end of the window the jitter stays inside it', () => {
    for (let i = 0; i < 200; i++) {
      const r = slot({ jitterSeconds: 3600 }, '2026-12-04T15:59:30.000Z', { jitterKey: `k${i}` });
      expect(Date.parse(r.at)).toBeGreaterThanOrEqual(Date.parse('2026-12-04T15:59:30.000Z'));
      expect(Date.parse(r.at)).toBeLessThan(Date.parse('2026-12-04T16:00:00.000Z'));
      expect(r.hold).toBeNull();
    }
  });
});

describe('nextSendSlot: daylight saving changes', () => {
  const weekdays = DEFAULT_SEND_WINDOW;
  // [zone, country, notBefore, expected, hold, window]
  // Easter 2026 falls on the Sydney change: those rows leave out the country so only the clock is tested.
  test.each<[string, string, string | null, string, string, string | null, WeeklySendWindow]>([
    // Europe/Madrid: 29 Mar 2026 02:00 CET → 03:00 CEST; 25 Oct 2026 03:00 CEST → 02:00 CET.
    ['Madrid, Friday before spring-forward: 09:00 CET', 'Europe/Madrid', 'ES', '2026-03-27T06:00:00.000Z', '2026-03-27T08:00:00.000Z', 'outside 09:00–17:00 Europe/Madrid', weekdays],
    ['Madrid, Monday after spring-forward: 09:00 CEST', 'Europe/Madrid', 'ES', '2026-03-27T17:00:00.000Z', '2026-03-30T07:00:00.000Z', 'outside 09:00–17:00 Europe/Madrid', weekdays],
    ['Madrid, a start inside the skipped hour opens when the clock jumps', 'Europe/Madrid', 'ES', '2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z', 'outside 02:30–17:00 Europe/Madrid', everyDay('02:30', '17:00')],
    ['Madrid, Monday after fall-back: 09:00 CET', 'Europe/Madrid', 'ES', '2026-10-23T15:00:00.000Z', '2026-10-26T08:00:00.000Z', 'outside 09:00–17:00 Europe/Madrid', weekdays],
    ['Madrid, the repeated 02:00–02:30 opens a second time', 'Europe/Madrid', 'ES', '2026-10-25T00:40:00.000Z', '2026-10-25T01:00:00.000Z', 'outside 02:00–02:30 Europe/Madrid', everyDay('02:00', '02:30')],
    // America/New_York: 8 Mar 2026 02:00 EST → 03:00 EDT; 1 Nov 2026 02:00 EDT → 01:00 EST.
    ['New York, Friday before spring-forward: 09:00 EST', 'America/New_York', 'US', '2026-03-06T12:00:00.000Z', '2026-03-06T14:00:00.000Z', 'outside 09:00–17:00 America/New_York', weekdays],
    ['New York, Monday after spring-forward: 09:00 EDT', 'America/New_York', 'US', '2026-03-06T23:00:00.000Z', '2026-03-09T13:00:00.000Z', 'outside 09:00–17:00 America/New_York', weekdays],
    ['New York, a window wholly inside the skipped hour does not exist that day', 'America/New_York', 'US', '2026-03-08T06:00:00.000Z', '2026-03-09T06:15:00.000Z', 'outside 02:15–02:45 America/New_York', everyDay('02:15', '02:45')],
    ['New York, the repeated 01:00–02:00 is inside a 01:00–02:00 window both times', 'America/New_York', 'US', '2026-11-01T06:30:00.000Z', '2026-11-01T06:30:00.000Z', null, everyDay('01:00', '02:00')],
    ['New York, Monday after fall-back: 09:00 EST', 'America/New_York', 'US', '2026-10-30T22:00:00.000Z', '2026-11-02T14:00:00.000Z', 'outside 09:00–17:00 America/New_York', weekdays],
    // Australia/Sydney (southern): 5 Apr 2026 03:00 AEDT → 02:00 AEST; 4 Oct 2026 02:00 AEST → 03:00 AEDT.
    ['Sydney, Sunday after DST ends: 09:00 AEST', 'Australia/Sydney', null, '2026-04-04T08:00:00.000Z', '2026-04-04T23:00:00.000Z', 'outside 09:00–17:00 Australia/Sydney', everyDay('09:00', '17:00')],
    ['Sydney, Saturday before DST ends: 09:00 AEDT', 'Australia/Sydney', null, '2026-04-03T12:00:00.000Z', '2026-04-03T22:00:00.000Z', 'outside 09:00–17:00 Australia/Sydney', everyDay('09:00', '17:00')],
    ['Sydney, Sunday after DST starts: 09:00 AEDT', 'Australia/Sydney', null, '2026-10-03T08:00:00.000Z', '2026-10-03T22:00:00.000Z', 'outside 09:00–17:00 Australia/Sydney', everyDay('09:00', '17:00')],
    // Australia/Lord_Howe: half-hour shifts. 5 Apr 2026 02:00 (+11) → 01:30 (+10:30); 4 Oct 2026 02:00 (+10:30) → 02:30 (+11).
    ['Lord Howe, Saturday before DST ends: 09:00 +11', 'Australia/Lord_Howe', null, '2026-04-03T12:00:00.000Z', '2026-04-03T22:00:00.000Z', 'outside 09:00–17:00 Australia/Lord_Howe', everyDay('09:00', '17:00')],
    ['Lord Howe, Monday after DST ends: 09:00 +10:30', 'Australia/Lord_Howe', null, '2026-04-05T07:00:00.000Z', '2026-04-05T22:30:00.000Z', 'outside 09:00–17:00 Australia/Lord_Howe', everyDay('09:00', '17:00')],
    ['Lord Howe, the repeated half hour 01:30–02:00 is open twice', 'Australia/Lord_Howe', null, '2026-04-04T15:10:00.000Z', '2026-04-04T15:10:00.000Z', null, everyDay('01:30', '02:00')],
    ['Lord Howe, a window inside the skipped half hour does not exist that day', 'Australia/Lord_Howe', null, '2026-10-03T14:00:00.000Z', '2026-10-04T15:00:00.000Z', 'outside 02:00–02:30 Australia/Lord_Howe', everyDay('02:00', '02:30')],
    ['Lord Howe, 01:59 +10:30 then straight to 02:30 +11: both inside 01:45–03:00', 'Australia/Lord_Howe', null, '2026-10-03T15:29:00.000Z', '2026-10-03T15:29:00.000Z', null, everyDay('01:45', '03:00')],
  ])('%s', (_name, timeZone, country, notBefore, at, hold, window) => {
    expect(slot({ timeZone, country, region: null, window }, notBefore)).toEqual({ at, hold });
  });

  test('a clock that falls back across midnight brings the previous date round again (America/Moncton, 2005)', () => {
    // 30 Oct 2005 00:01 ADT → 29 Oct 23:01 AST: Saturday's 23:00–24:00 is open again after Sunday 00:00–00:01.
    const moncton = { timeZone: 'America/Moncton', country: null, region: null };
    expect(slot({ ...moncton, window: { sat: { start: '23:00', end: '24:00' } } }, '2005-10-30T03:00:30.000Z')).toEqual({ at: '2005-10-30T03:01:00.000Z', hold: 'Sunday' });
    // And Sunday's 00:00–00:01 comes before the second pass of Saturday's 23:10–23:20.
    const window = { sat: { start: '23:10', end: '23:20' }, sun: { start: '00:00', end: '00:01' } };
    expect(slot({ ...moncton, window }, '2005-10-30T02:50:00.000Z')).toEqual({ at: '2005-10-30T03:00:00.000Z', hold: 'outside 23:10–23:20 America/Moncton' });
  });

  test('a jitter never carries a send across the end of a window cut by the clock change', () => {
    // New York, 8 Mar 2026: 01:00–02:30 local is 01:00–02:00 EST (06:00–07:00Z) then nothing (02:00–02:30 skipped).
    for (let i = 0; i < 100; i++) {
      const r = slot({ timeZone: 'America/New_York', country: 'US', region: null, window: everyDay('01:00', '02:30'), jitterSeconds: 7200 }, '2026-03-08T06:30:00.000Z', {
        jitterKey: `j${i}`,
      });
      expect(Date.parse(r.at)).toBeGreaterThanOrEqual(Date.parse('2026-03-08T06:30:00.000Z'));
      expect(Date.parse(r.at)).toBeLessThan(Date.parse('2026-03-08T07:00:00.000Z'));
    }
  });
});

import Holidays from 'date-holidays';
import fc from 'fast-check';
import { WEEKDAYS, type SendSlotRequest, type WeeklySendWindow } from '#libs/contracts';
import { nextSendSlot } from './index.js';

/**
 * Properties of nextSendSlot checked against an oracle that shares none of its machinery: wall clocks from a plain
 * Intl.DateTimeFormat per instant (no offset cache), holidays straight from date-holidays' public list, and the
 * "earliest" claim by stepping every quarter hour between notBefore and the result. Windows sit on a 15-minute
 * grid and every offset of these zones is a multiple of 15 minutes, so "allowed" is constant inside each UTC
 * quarter hour and stepping by quarters misses nothing.
 */

const PLACES = [
  { timeZone: 'Europe/Madrid', country: 'ES', region: 'ES-MD' },
  { timeZone: 'America/New_York', country: 'US', region: 'US-NY' },
  { timeZone: 'America/Sao_Paulo', country: 'BR', region: 'BR-SP' },
  { timeZone: 'Australia/Sydney', country: 'AU', region: 'AU-NSW' },
  { timeZone: 'Australia/Lord_Howe', country: 'AU', region: null },
  { timeZone: 'Asia/Kolkata', country: 'IN', region: null },
  { timeZone: 'Asia/Tokyo', country: 'JP', region: null },
  { timeZone: 'Europe/London', country: 'GB', region: 'GB-SCT' },
  { timeZone: 'America/Los_Angeles', country: 'US', region: 'US-CA' },
  { timeZone: 'Pacific/Auckland', country: 'NZ', region: null },
  { timeZone: 'Africa/Cairo', country: 'EG', region: null },
  { timeZone: 'Europe/Berlin', country: 'DE', region: 'DE-BY' },
] as const;

const QUARTER = 15 * 60_000;
const DAY = 86_400_000;
const FROM = Date.UTC(2026, 0, 1);
const TO = Date.UTC(2029, 0, 1);

// ---- oracle ------------------------------------------------------------------------------------------------

const formats = new Map<string, Intl.DateTimeFormat>();
interface Wall {
  date: string;
  weekday: number; // 0 = Monday
  msOfDay: number;
}
function wall(zone: string, ms: number): Wall {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  const date = `${p.year}-${p.month}-${p.day}`;
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  const msOfDay = ((Number(p.hour) * 60 + Number(p.minute)) * 60 + Number(p.second)) * 1000 + (((ms % 1000) + 1000) % 1000);
  return { date, weekday, msOfDay };
}

const holidaySets = new Map<string, Set<string>>();
function publicHolidays(country: string, region: string | null, year: number): Set<string> {
  const key = `${country}|${region}|${year}`;
  let set = holidaySets.get(key);
  if (!set) {
    set = new Set();
    const hd = region ? new Holidays(country, region.slice(3)) : new Holidays(country);
    for (const h of hd.getHolidays(year)) {
      if (h.type !== 'public') continue;
      const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / DAY));
      const first = Date.parse(`${h.date.slice(0, 10)}T00:00:00Z`);
      for (let i = 0; i < days; i++) set.add(new Date(first + i * DAY).toISOString().slice(0, 10));
    }
    holidaySets.set(key, set);
  }
  return set;
}

const minutes = (hhmm: string) => (hhmm === '24:00' ? 1440 : Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));

function businessDate(r: SendSlotRequest, date: string): boolean {
  const c = r.calendar;
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  if (!c.window[WEEKDAYS[weekday]!]) return false;
  if (c.blackoutDates.includes(date)) return false;
  return !(c.country && publicHolidays(c.country, c.region, Number(date.slice(0, 4))).has(date));
}

function allowed(r: SendSlotRequest, ms: number, cadenceDate: string | null): boolean {
  const w = wall(r.calendar.timeZone, ms);
  const range = r.calendar.window[WEEKDAYS[w.weekday]!];
  if (!range || !businessDate(r, w.date)) return false;
  if (cadenceDate && w.date < cadenceDate) return false;
  return w.msOfDay >= minutes(range.start) * 60_000 && w.msOfDay < minutes(range.end) * 60_000;
}

/** The local date `days` business days after the local date of `from`, counted the oracle's way. */
function cadenceDateOf(r: SendSlotRequest): string | null {
  const c = r.businessDaysAfter;
  if (!c) return null;
  let day = Date.parse(`${wall(r.calendar.timeZone, Date.parse(c.from)).date}T00:00:00Z`);
  for (let counted = 0; counted < c.days; ) {
    day += DAY;
    if (businessDate(r, new Date(day).toISOString().slice(0, 10))) counted++;
  }
  return new Date(day).toISOString().slice(0, 10);
}

const transitionCache = new Map<string, number[]>();
function transitions(zone: string): number[] {
  let found = transitionCache.get(zone);
  if (!found) transitionCache.set(zone, (found = scanTransitions(zone)));
  return found;
}

/** Clock changes of a zone in 2026–2028 from Intl, by 6-hour steps and bisection: where DST cases are found. */
function scanTransitions(zone: string): number[] {
  const offset = (ms: number) => {
    const w = wall(zone, ms);
    return Date.parse(`${w.date}T00:00:00Z`) + w.msOfDay - ms;
  };
  const found: number[] = [];
  for (let ms = FROM; ms < TO; ms += 6 * 3_600_000) {
    if (offset(ms) === offset(ms + 6 * 3_600_000)) continue;
    let lo = ms;
    let hi = ms + 6 * 3_600_000;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offset(mid) === offset(lo)) lo = mid;
      else hi = mid;
    }
    found.push(hi);
  }
  return found;
}

// ---- generators --------------------------------------------------------------------------------------------

const hhmm = (quarters: number) => (quarters === 96 ? '24:00' : `${String(Math.floor(quarters / 4)).padStart(2, '0')}:${String((quarters % 4) * 15).padStart(2, '0')}`);

const range = fc.oneof(
  fc.integer({ min: 0, max: 95 }).chain((s) => fc.integer({ min: s + 1, max: 96 }).map((e) => ({ start: hhmm(s), end: hhmm(e) }))),
  // Windows around the small hours, where clocks change.
  fc.constantFrom({ start: '00:00', end: '04:00' }, { start: '01:00', end: '03:00' }, { start: '02:00', end: '02:30' }, { start: '02:30', end: '03:30' }, { start: '23:00', end: '24:00' }, { start: '09:00', end: '17:00' }),
);

const windowArb: fc.Arbitrary<WeeklySendWindow> = fc
  .tuple(...WEEKDAYS.map(() => fc.option(range, { freq: 3 })))
  .filter((days) => days.some((d) => d !== null))
  .map((days) => Object.fromEntries(WEEKDAYS.map((d, i) => [d, days[i]]).filter(([, r]) => r !== null)) as WeeklySendWindow);

const requestArb = fc
  .record({
    place: fc.constantFrom(...PLACES),
    window: windowArb,
    uniform: fc.integer({ min: FROM, max: TO - 1 }),
    nearChange: fc.tuple(fc.nat(), fc.integer({ min: -2 * DAY, max: 2 * DAY })),
    useChange: fc.boolean(),
    blackoutOffsets: fc.array(fc.integer({ min: -1, max: 20 }), { maxLength: 8 }),
    jitterSeconds: fc.constantFrom(0, 1, 60, 900, 3600, 7200),
    jitterKey: fc.string({ maxLength: 20 }),
    cadence: fc.option(fc.record({ daysBefore: fc.integer({ min: 0, max: 5 * DAY }), days: fc.integer({ min: 0, max: 8 }) }), { freq: 3 }),
  })
  .map((g) => {
    const changes = transitions(g.place.timeZone);
    const notBefore = g.useChange && changes.length > 0 ? changes[g.nearChange[0] % changes.length]! + g.nearChange[1] : g.uniform;
    const today = Math.floor(notBefore / DAY) * DAY;
    const request: SendSlotRequest = {
      calendar: {
        timeZone: g.place.timeZone,
        timeZoneSource: 'lead',
        country: g.place.country,
        region: g.place.region,
        window: g.window,
        blackoutDates: [...new Set(g.blackoutOffsets.map((o) => new Date(today + o * DAY).toISOString().slice(0, 10)))],
        jitterSeconds: g.jitterSeconds,
      },
      notBefore: new Date(notBefore).toISOString(),
      jitterKey: g.jitterKey,
      ...(g.cadence ? { businessDaysAfter: { from: new Date(notBefore - g.cadence.daysBefore).toISOString(), days: g.cadence.days } } : {}),
    };
    return request;
  });

// ---- properties --------------------------------------------------------------------------------------------


describe('nextSendSlot properties (12 zones, 2026–2028, random windows, blackouts, cadence, jitter)', () => {
  test('the result is allowed, not before notBefore, and the earliest allowed instant up to the jitter', () => {
    let nearChanges = 0;
    fc.assert(
      fc.property(requestArb, (r) => {
        const slot = nextSendSlot(r);
        const at = Date.parse(slot.at);
        const notBefore = Date.parse(r.notBefore);
        const cadenceDate = cadenceDateOf(r);
        const w = wall(r.calendar.timeZone, at);
        const range = r.calendar.window[WEEKDAYS[w.weekday]!];

        expect(at).toBeGreaterThanOrEqual(notBefore);
        // A day with a window, its wall clock inside it; not a public holiday, not a blackout date.
        expect(range).toBeTruthy();
        expect(w.msOfDay).toBeGreaterThanOrEqual(minutes(range!.start) * 60_000);
        expect(w.msOfDay).toBeLessThan(minutes(range!.end) * 60_000);
        expect(r.calendar.blackoutDates).not.toContain(w.date);
        expect(publicHolidays(r.calendar.country!, r.calendar.region, Number(w.date.slice(0, 4))).has(w.date)).toBe(false);
        if (cadenceDate) expect(w.date >= cadenceDate).toBe(true);

        // Earliest up to the jitter: nothing allowed in [notBefore, at − jitter).
        const limit = at - r.calendar.jitterSeconds * 1000;
        if (notBefore < limit) expect(allowed(r, notBefore, cadenceDate)).toBe(false);
        for (let q = Math.floor(notBefore / QUARTER) * QUARTER + QUARTER; q < limit; q += QUARTER) {
          if (allowed(r, q, cadenceDate)) throw new Error(`allowed at ${new Date(q).toISOString()} before ${slot.at} (${JSON.stringify(r)})`);
        }
        // Held iff moved: null means notBefore itself was allowed.
        expect(slot.hold === null).toBe(allowed(r, notBefore, cadenceDate));
        // Deterministic: the same request lands on the same instant.
        expect(nextSendSlot(r)).toEqual(slot);
        if (transitions(r.calendar.timeZone).some((c) => Math.abs(c - notBefore) < 2 * DAY)) nearChanges++;
      }),
      { numRuns: 1200 },
    );
    // The generator must really reach clock changes, or the DST part of the property says nothing.
    expect(nearChanges).toBeGreaterThan(200);
  });
});

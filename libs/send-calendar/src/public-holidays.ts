import Holidays from 'date-holidays';
import { MS_PER_DAY, dayFromCivil, parseIsoDate, yearOfDay } from './civil-days.js';

/**
 * Public holidays of a lead's country and ISO 3166-2 region, from `date-holidays` (type "public" only: bank,
 * school, optional and observance days are ordinary sending days). Loaded once per (country, region, year) into
 * one map keyed by local day number. A holiday is a whole local date; one that lasts several days (Korea's Seollal)
 * covers each of them. Unknown countries have no holidays; an unknown region falls back to its country's.
 */

export interface PublicHoliday {
  name: string;
  /** "ES" for a national holiday, "ES-MD" for one of the region only. */
  scope: string;
}

export class HolidayCalendar {
  /** Holidays of every loaded year by day number; the loaded years are always one contiguous span. */
  private readonly days = new Map<number, PublicHoliday>();
  private firstDay = 0;
  private lastDay = -1;
  private firstYear = 0;
  private lastYear = -1;

  constructor(
    readonly country: string,
    /** The date-holidays state code ("MD" of "ES-MD"), when the region belongs to the country. */
    readonly state: string | null,
    private readonly national: Holidays,
    private readonly regional: Holidays | null,
  ) {}

  /** The public holiday on a local day number, or undefined. */
  on(day: number): PublicHoliday | undefined {
    if (day < this.firstDay || day > this.lastDay) this.loadThrough(yearOfDay(day));
    return this.days.get(day);
  }

  private loadThrough(year: number): void {
    if (this.lastYear < this.firstYear) {
      this.load(year);
      this.firstYear = this.lastYear = year;
    }
    while (year < this.firstYear) this.load(--this.firstYear);
    while (year > this.lastYear) this.load(++this.lastYear);
    this.firstDay = dayFromCivil(this.firstYear, 1, 1);
    this.lastDay = dayFromCivil(this.lastYear, 12, 31);
  }

  private load(year: number): void {
    const nationalDays = new Set<number>();
    for (const [day] of publicDays(this.national, year)) nationalDays.add(day);
    const source = this.regional ?? this.national;
    const regionCode = this.state ? `${this.country}-${this.state}` : this.country;
    for (const [day, name] of publicDays(source, year)) {
      // A holiday at the end of December can run into the next year: the first name a day gets stays.
      if (!this.days.has(day)) this.days.set(day, { name, scope: nationalDays.has(day) ? this.country : regionCode });
    }
  }
}

function* publicDays(source: Holidays, year: number): Generator<[number, string]> {
  for (const h of source.getHolidays(year)) {
    if (h.type !== 'public') continue;
    // `date` is the local date ("2026-12-06 00:00:00", or "… -0600" for days that start at the eve's sunset).
    const first = parseIsoDate(h.date.slice(0, 10));
    if (first === null) continue;
    const length = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / MS_PER_DAY));
    for (let i = 0; i < length; i++) yield [first + i, h.name];
  }
}

const directory = new Holidays();
const instances = new Map<string, Holidays | null>();
const calendars = new Map<string, HolidayCalendar | null>();

/** A cached date-holidays instance, or null when it does not know the country (or the state, when given). */
export function holidaySource(country: string, state?: string): Holidays | null {
  const key = state ? `${country}-${state}` : country;
  let hd = instances.get(key);
  if (hd === undefined) {
    hd = null;
    const countries = directory.getCountries();
    // Only codes the data knows: the constructor would otherwise fall back silently (to no data, or the country).
    if (Object.hasOwn(countries, country) && (!state || Object.hasOwn(directory.getStates(country) ?? {}, state))) {
      hd = state ? new Holidays(country, state) : new Holidays(country);
    }
    instances.set(key, hd);
  }
  return hd;
}

/** The date-holidays state code of an ISO 3166-2 region inside `country` ("ES-MD" → "MD"), or null. */
export function stateOfRegion(country: string, region: string | null | undefined): string | null {
  if (!region) return null;
  const upper = region.toUpperCase();
  if (!upper.startsWith(`${country}-`)) return null;
  const state = upper.slice(country.length + 1);
  return /^[A-Z0-9]{1,3}$/.test(state) ? state : null;
}

/** The cached holiday calendar of a lead's country and region; null when there is no known country. */
export function holidayCalendar(country: string | null | undefined, region: string | null | undefined): HolidayCalendar | null {
  if (!country) return null;
  const key = region ? `${country}|${region}` : country;
  let cal = calendars.get(key);
  if (cal === undefined) {
    const code = country.toUpperCase();
    const national = holidaySource(code);
    const state = stateOfRegion(code, region);
    const regional = state ? holidaySource(code, state) : null;
    cal = national ? new HolidayCalendar(code, regional ? state : null, national, regional) : null;
    calendars.set(key, cal);
  }
  return cal;
}

/** The public holiday's name on a local date "YYYY-MM-DD" for a country and region, or null. */
export function holidayName(country: string | null | undefined, region: string | null | undefined, date: string): string | null {
  const day = parseIsoDate(date);
  if (day === null) throw new RangeError(`date must be YYYY-MM-DD, got "${date}"`);
  return holidayCalendar(country, region)?.on(day)?.name ?? null;
}

import type { SendCalendarSpec } from '#libs/contracts';
import { holidaySource, stateOfRegion } from './public-holidays.js';
import { canonicalTimeZone } from './zone-clock.js';

/**
 * Which clock a lead's sends follow: its own valid IANA zone; else the one zone of its region or country (zone
 * lists from date-holidays' data, e.g. "ES-CN" → Atlantic/Canary, "DE" → Europe/Berlin) when there is exactly
 * one; else the campaign's. An invalid zone string anywhere is skipped, never thrown; a campaign without a
 * valid zone falls back to UTC.
 */

export interface SendTimeZoneInput {
  leadTimeZone?: string | null;
  country?: string | null;
  region?: string | null;
  campaignTimeZone?: string | null;
}

export interface ResolvedSendTimeZone {
  timeZone: string;
  source: SendCalendarSpec['timeZoneSource'];
}

export function resolveSendTimeZone(input: SendTimeZoneInput): ResolvedSendTimeZone {
  const lead = canonicalTimeZone(input.leadTimeZone);
  if (lead) return { timeZone: lead, source: 'lead' };
  const place = zoneOfPlace(input.country, input.region);
  if (place) return { timeZone: place, source: 'country' };
  return { timeZone: canonicalTimeZone(input.campaignTimeZone) ?? 'UTC', source: 'campaign' };
}

const placeZones = new Map<string, string | null>();

/** The single zone of a region (when the data lists zones for it) or of its country, else null. */
export function zoneOfPlace(country: string | null | undefined, region: string | null | undefined): string | null {
  if (!country) return null;
  const code = country.toUpperCase();
  const key = `${code}|${region ?? ''}`;
  let zone = placeZones.get(key);
  if (zone === undefined) {
    const state = stateOfRegion(code, region);
    zone = (state ? singleZone(holidaySource(code, state)?.getTimezones()) : null) ?? singleZone(holidaySource(code)?.getTimezones());
    placeZones.set(key, zone);
  }
  return zone;
}

function singleZone(zones: string[] | undefined): string | null {
  const valid = [...new Set((zones ?? []).map((z) => canonicalTimeZone(z)).filter((z): z is string => z !== null))];
  return valid.length === 1 ? valid[0]! : null;
}

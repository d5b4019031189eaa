import Holidays from 'date-holidays';
import { normaliseCountry } from '#libs/lead-intake';

/**
 * Apollo-style sources give a person's `state` as a name ("Texas", "Berlin") next to a country name. Intake wants
 * an ISO 3166-2 code, so a name is looked up among the country's subdivisions as date-holidays names them (the
 * table the send calendar reads holidays from, so a region found here is one it knows). A code is passed on for
 * intake to check; a name that cannot be placed is left out rather than costing the person.
 */
export function regionFromState(state: string | undefined, country: string | undefined): string | undefined {
  if (state === undefined) return undefined;
  if (/^(?:[A-Za-z]{2}-)?[A-Za-z0-9]{1,3}$/.test(state)) return state;
  if (country === undefined) return undefined;
  const code = normaliseCountry(country);
  if (!code.ok) return undefined;
  const sub = subdivisionsByName(code.value).get(nameKey(state));
  return sub === undefined ? undefined : `${code.value}-${sub}`;
}

const byCountry = new Map<string, Map<string, string>>();

function subdivisionsByName(country: string): Map<string, string> {
  let names = byCountry.get(country);
  if (names) return names;
  names = new Map();
  const states = new Holidays().getStates(country) as Record<string, string> | undefined;
  for (const [sub, name] of Object.entries(states ?? {})) {
    // date-holidays has some non-ISO pseudo-subdivisions (lower-case or long keys): only ISO-shaped ones count.
    if (/^[A-Z0-9]{1,3}$/.test(sub)) names.set(nameKey(name), sub);
  }
  byCountry.set(country, names);
  return names;
}

function nameKey(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

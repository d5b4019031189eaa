/**
 * Territory rules: the first territory whose conditions all hold owns the lead. Conditions are compiled into
 * sets once per rule set, so matching a lead costs a few hash lookups per territory tried.
 */
import type { Territory } from './routing-rule-set.js';

/** The lead attributes routing looks at (as the lead record stores them). */
export interface RoutableLead {
  country?: string | null;
  region?: string | null;
  industry?: string | null;
  employeeCount?: number | null;
}

export interface CompiledTerritory {
  id: string;
  countries: ReadonlySet<string> | null;
  regions: ReadonlySet<string> | null;
  industries: ReadonlySet<string> | null;
  /** Employee-count bounds, inclusive; null when the territory does not look at employee count. */
  employees: { min: number; max: number } | null;
}

/** Case- and space-insensitive comparison key: "EMEA ", "emea" and "Emea" are one region. */
export function matchKey(value: string): string {
  return value.trim().toLowerCase();
}

export function compileTerritory(territory: Territory): CompiledTerritory {
  const { country, region, industry, employeeCount } = territory.match;
  // Each set holds the values as written and their keys, so a lead spelled like the rule matches without
  // normalising; only a miss pays for trim + lower-case (equivalent, because matchKey(matchKey(x)) = matchKey(x)).
  const keys = (values: readonly string[] | undefined) => (values ? new Set([...values, ...values.map(matchKey)]) : null);
  return {
    id: territory.id,
    countries: keys(country?.in),
    regions: keys(region?.in),
    industries: keys(industry?.in),
    employees: employeeCount ? { min: employeeCount.gte ?? 0, max: employeeCount.lte ?? Number.POSITIVE_INFINITY } : null,
  };
}

/** Index of the first matching territory, or -1 when none matches (the lead goes to all owners). */
export function firstMatchingTerritory(territories: readonly CompiledTerritory[], lead: RoutableLead): number {
  if (territories.length === 0) return -1;
  const country = typeof lead.country === 'string' ? lead.country : null;
  const region = typeof lead.region === 'string' ? lead.region : null;
  const industry = typeof lead.industry === 'string' ? lead.industry : null;
  const employees = typeof lead.employeeCount === 'number' && Number.isFinite(lead.employeeCount) ? lead.employeeCount : null;
  // Normalised on first need, then reused for the remaining territories.
  let countryKey: string | undefined;
  let regionKey: string | undefined;
  let industryKey: string | undefined;
  for (let i = 0; i < territories.length; i++) {
    const t = territories[i];
    if (t.countries && (country === null || !(t.countries.has(country) || t.countries.has((countryKey ??= matchKey(country)))))) continue;
    if (t.regions && (region === null || !(t.regions.has(region) || t.regions.has((regionKey ??= matchKey(region)))))) continue;
    if (t.industries && (industry === null || !(t.industries.has(industry) || t.industries.has((industryKey ??= matchKey(industry)))))) continue;
    if (t.employees && (employees === null || employees < t.employees.min || employees > t.employees.max)) continue;
    return i;
  }
  return -1;
}

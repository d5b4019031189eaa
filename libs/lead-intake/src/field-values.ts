/** Parsers for the typed lead fields. Each returns the canonical value or a reason naming what is wrong. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Larger than any employer on earth; a bigger number is a unit or column mix-up. */
const MAX_EMPLOYEES = 10_000_000;

/** Whole number ≥ 0. Accepts "1200", "1,200" and "1 200" (grouped thousands); rejects ranges like "51-200". */
export function parseEmployeeCount(raw: string): Parsed<number> {
  const value = raw.trim();
  const digits = /^\d+$/.test(value) ? value : /^\d{1,3}(?:([, \u00A0\u202F])\d{3})(?:\1\d{3})*$/.test(value) ? value.replace(/\D/g, '') : null;
  if (digits === null) return { ok: false, reason: `employeeCount must be a whole number of 0 or more (got ${show(value)})` };
  const n = Number(digits);
  if (n > MAX_EMPLOYEES) return { ok: false, reason: `employeeCount ${digits} is not plausible (over ${MAX_EMPLOYEES})` };
  return { ok: true, value: n };
}

/**
 * ISO 3166-1 alpha-2, upper-case. Also accepts English country names ("Germany", "United States") and a few
 * everyday spellings (USA, UK, England). Alpha-3 codes are not accepted: we would need our own table for them.
 * The code list comes from the runtime's CLDR data (Intl.DisplayNames), minus CLDR's non-ISO and retired codes.
 */
export function normaliseCountry(raw: string): Parsed<string> {
  const value = raw.trim();
  const tables = countryTables();
  if (tables.codes.has(value)) return { ok: true, value };
  if (/^[A-Za-z]{2}$/.test(value)) {
    const code = value.toUpperCase();
    if (tables.codes.has(code)) return { ok: true, value: code };
  }
  const byName = tables.names.get(nameKey(value));
  if (byName) return { ok: true, value: byName };
  return { ok: false, reason: `country must be an ISO 3166-1 alpha-2 code such as DE or an English country name (got ${show(value)})` };
}

// CLDR region codes that are not current ISO 3166-1 countries (XK, Kosovo, is kept: it is in everyday use).
const NOT_ISO = new Set(
  'AC AN BU CP CQ CS DD DG DY EA EU EZ FX HV IC NH QO RH SU TA TP UK UN VD XA XB YD YU ZR ZZ'.split(' '),
);
const NAME_ALIASES: Readonly<Record<string, string>> = {
  usa: 'US', 'u s': 'US', 'u s a': 'US', 'united states of america': 'US', america: 'US',
  uk: 'GB', 'u k': 'GB', 'great britain': 'GB', britain: 'GB', england: 'GB', scotland: 'GB', wales: 'GB',
  'northern ireland': 'GB', deutschland: 'DE', holland: 'NL', turkey: 'TR', 'czech republic': 'CZ',
  'hong kong': 'HK', macau: 'MO', macao: 'MO', 'ivory coast': 'CI', uae: 'AE', korea: 'KR', vatican: 'VA',
};

let tables: { codes: Set<string>; names: Map<string, string> } | undefined;

function countryTables(): { codes: Set<string>; names: Map<string, string> } {
  if (tables) return tables;
  const display = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
  const codes = new Set<string>();
  const names = new Map<string, string>();
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = display.of(code);
      if (!name || name === code || NOT_ISO.has(code)) continue;
      codes.add(code);
      names.set(nameKey(name), code);
      names.set(nameKey(name.replace(/\(.*\)/, '')), code); // "Myanmar (Burma)" → also "Myanmar"
    }
  }
  for (const [alias, code] of Object.entries(NAME_ALIASES)) names.set(alias, code);
  tables = { codes, names };
  return tables;
}

function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\bst\b\.?/g, 'saint')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^the /, '');
}

const REGION = /^([A-Z]{2})-([A-Z0-9]{1,3})$/;
const SUBDIVISION = /^[A-Z0-9]{1,3}$/;

/**
 * ISO 3166-2 subdivision code, upper-case: "es-md" → "ES-MD". A bare subdivision code ("CA", as a "State" column
 * of a US export holds it) is completed with `country` when the lead has one. Only the form and the country part
 * are checked (the country must be a known ISO 3166-1 code and equal the lead's country when both are set): the
 * subdivision lists change every year and no table of them ships with the runtime.
 */
export function normaliseRegion(raw: string, country?: string): Parsed<string> {
  const value = raw.trim().toUpperCase();
  const full = REGION.exec(value);
  if (full) {
    if (!countryTables().codes.has(full[1]!)) return { ok: false, reason: `region ${show(value)} does not start with an ISO 3166-1 country code` };
    if (country !== undefined && full[1] !== country) {
      return { ok: false, reason: `region ${value} is in ${full[1]}, but the lead's country is ${country}` };
    }
    return { ok: true, value };
  }
  if (SUBDIVISION.test(value) && country !== undefined) return { ok: true, value: `${country}-${value}` };
  return {
    ok: false,
    reason: `region must be an ISO 3166-2 code such as ES-MD or US-CA${SUBDIVISION.test(value) ? ', or a subdivision code with the lead\'s country set' : ''} (got ${show(raw.trim())})`,
  };
}

/** The country part of an ISO 3166-2 code ("US" of "US-CA"). */
export function regionCountry(region: string): string {
  return region.slice(0, region.indexOf('-'));
}

const tzCache = new Map<string, Parsed<string>>();
const TZ_CACHE_LIMIT = 512;

/**
 * IANA time zone name ("Europe/Berlin", any case; "UTC"). Abbreviations such as EST or CET are refused:
 * they are ambiguous and the runtime maps them to surprising zones. Case is fixed where the runtime knows it.
 */
export function normaliseTimeZone(raw: string): Parsed<string> {
  const value = raw.trim();
  const cached = tzCache.get(value);
  if (cached) return cached;
  const result = resolveTimeZone(value);
  if (tzCache.size < TZ_CACHE_LIMIT) tzCache.set(value, result);
  return result;
}

function resolveTimeZone(value: string): Parsed<string> {
  const bad: Parsed<string> = { ok: false, reason: `timeZone must be an IANA time zone such as Europe/Berlin (got ${show(value)})` };
  if (!/^(?:utc|gmt|[a-z]+(?:\/[a-z0-9_+-]+)+)$/i.test(value)) return bad;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
    // ICU resolves some current names to old ones (Asia/Kolkata → Asia/Calcutta): only take its spelling
    // when it is the same name, to fix the case.
    return { ok: true, value: resolved.toLowerCase() === value.toLowerCase() ? resolved : value };
  } catch {
    return bad;
  }
}

const SEPARATOR = /[;|]/;

/** Technologies from one cell: split on `;` or `|`, trimmed, empty items dropped, de-duplicated ignoring case. */
export function splitTechnologies(raw: string): string[] {
  const bar = raw.indexOf('|') !== -1;
  const semicolon = raw.indexOf(';') !== -1;
  const parts = bar && semicolon ? raw.split(SEPARATOR) : raw.split(bar ? '|' : ';');
  // Lists are short: an array beats a Set here, and this runs for every imported row.
  const out: string[] = [];
  const keys: string[] = [];
  for (const part of parts) {
    const item = part.trim();
    if (item === '') continue;
    const key = item.toLowerCase();
    if (keys.includes(key)) continue;
    keys.push(key);
    out.push(item);
  }
  return out;
}

/** A short, quoted copy of a bad value for a rejection reason. */
export function show(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

/** The canonical lead field set every source (CSV, API, web form, people search) is mapped onto. */
export const CANONICAL_FIELDS = [
  'email',
  'firstName',
  'lastName',
  'title',
  'company',
  'companyDomain',
  'industry',
  'employeeCount',
  'revenueBand',
  'country',
  'region',
  'city',
  'timeZone',
  'phone',
  'linkedinUrl',
  'website',
  'technologies',
  'notes',
] as const;

export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

export interface LeadInput {
  /** Normalised identity (see normaliseEmail). */
  email: string;
  firstName?: string;
  lastName?: string;
  title?: string;
  company?: string;
  /** Lower-cased. */
  companyDomain?: string;
  industry?: string;
  employeeCount?: number;
  revenueBand?: string;
  /** ISO 3166-1 alpha-2, upper-case. */
  country?: string;
  /** ISO 3166-2 subdivision ("ES-MD", "US-CA"), upper-case; its country part equals `country` when both are set. */
  region?: string;
  city?: string;
  /** IANA time zone name. */
  timeZone?: string;
  phone?: string;
  linkedinUrl?: string;
  website?: string;
  technologies?: string[];
  notes?: string;
}

export const DEFAULT_MAX_FIELD_LENGTH = 1000;

/** Longest accepted value per field, in UTF-16 code units after trimming. */
export const FIELD_MAX_LENGTH: Readonly<Record<CanonicalField, number>> = Object.fromEntries(
  CANONICAL_FIELDS.map((f) => [f, f === 'notes' ? 10_000 : DEFAULT_MAX_FIELD_LENGTH]),
) as Record<CanonicalField, number>;

/**
 * Header spellings seen in CRM, Excel and data-vendor exports, per canonical field. Matching ignores case,
 * spaces, underscores, hyphens and other punctuation (see headerKey), so "E-mail", "Email Address",
 * "first_name" and "# Employees" all match.
 */
export const headerAliases: Readonly<Record<CanonicalField, readonly string[]>> = {
  email: ['email', 'e-mail', 'email address', 'mail', 'work email', 'business email', 'contact email', 'email id'],
  firstName: ['first name', 'firstname', 'first', 'given name', 'forename', 'fname'],
  lastName: ['last name', 'lastname', 'last', 'surname', 'family name', 'lname'],
  title: ['title', 'job title', 'position', 'role', 'designation'],
  company: ['company', 'company name', 'organization', 'organisation', 'account', 'account name', 'employer'],
  companyDomain: ['company domain', 'domain', 'company website domain'],
  industry: ['industry', 'sector', 'vertical'],
  employeeCount: ['employee count', 'employees', '# employees', 'number of employees', 'no of employees', 'headcount', 'staff count'],
  revenueBand: ['revenue band', 'revenue', 'annual revenue', 'revenue range'],
  country: ['country', 'country code', 'country name'],
  region: ['region', 'region code', 'state', 'state code', 'province', 'province code', 'state/province', 'state or province', 'subdivision', 'subdivision code', 'iso 3166-2'],
  city: ['city', 'town', 'locality'],
  timeZone: ['time zone', 'timezone', 'tz'],
  phone: ['phone', 'phone number', 'telephone', 'tel', 'mobile', 'mobile phone', 'work phone', 'direct phone'],
  linkedinUrl: ['linkedin url', 'linkedin', 'linkedin profile', 'linkedin profile url', 'person linkedin url'],
  website: ['website', 'company website', 'url', 'web', 'homepage', 'company url'],
  technologies: ['technologies', 'technology', 'tech stack', 'tech'],
  notes: ['notes', 'note', 'comments', 'comment', 'description'],
};

/** Comparison key for a header: NFKC, lower-case, letters and digits only. */
export function headerKey(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

const byKey: ReadonlyMap<string, CanonicalField> = (() => {
  const map = new Map<string, CanonicalField>();
  for (const field of CANONICAL_FIELDS) {
    for (const alias of [field, ...headerAliases[field]]) {
      const key = headerKey(alias);
      const taken = map.get(key);
      if (taken && taken !== field) throw new Error(`header alias "${alias}" is claimed by ${taken} and ${field}`);
      map.set(key, field);
    }
  }
  return map;
})();

export function canonicalFieldForHeader(header: string): CanonicalField | null {
  return byKey.get(headerKey(header)) ?? null;
}

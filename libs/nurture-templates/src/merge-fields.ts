import type { LeadFacts } from '#libs/contracts';

/**
 * The fields a template may use, by name: `{{firstName}}`, `{{company}}`, … Values are strings or null; a field
 * that is null, missing or blank counts as empty (the template's fallback, or the step waits).
 */
export const LEAD_MERGE_FIELDS = [
  'firstName',
  'lastName',
  'fullName',
  'email',
  'title',
  'company',
  'companyDomain',
  'industry',
  'country',
  'region',
  'city',
  /** The routed owner's name, e.g. for "{{ownerName}} from our team". */
  'ownerName',
  /** The sending mailbox's display name, for the signature. */
  'senderName',
] as const;

export type LeadMergeField = (typeof LEAD_MERGE_FIELDS)[number];

export interface LeadMergeFields {
  firstName: string | null;
  lastName: string | null;
  fullName: string | null;
  email: string | null;
  title: string | null;
  company: string | null;
  companyDomain: string | null;
  industry: string | null;
  country: string | null;
  region: string | null;
  city?: string | null;
  ownerName?: string | null;
  senderName?: string | null;
}

const FIELD_SET: ReadonlySet<string> = new Set(LEAD_MERGE_FIELDS);
export function isLeadMergeField(name: string): name is LeadMergeField {
  return FIELD_SET.has(name);
}

/** A lead's merge fields from its harvested facts (fullName from the first and last names). */
export function leadMergeFields(
  lead: Pick<LeadFacts, 'email' | 'firstName' | 'lastName' | 'title' | 'company' | 'companyDomain' | 'industry' | 'country' | 'region'>,
  extra: { city?: string | null; ownerName?: string | null; senderName?: string | null } = {},
): LeadMergeFields {
  const fullName = [lead.firstName, lead.lastName].map((p) => p?.trim()).filter(Boolean).join(' ');
  return {
    firstName: lead.firstName,
    lastName: lead.lastName,
    fullName: fullName || null,
    email: lead.email,
    title: lead.title,
    company: lead.company,
    companyDomain: lead.companyDomain,
    industry: lead.industry,
    country: lead.country,
    region: lead.region,
    city: extra.city ?? null,
    ownerName: extra.ownerName ?? null,
    senderName: extra.senderName ?? null,
  };
}

/** The value a template prints, or null when the field is empty (null, missing or only whitespace). */
export function presentValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

import { z } from 'zod';
import { CAMPAIGN_ID_PATTERN } from '#libs/contracts';
import { CANONICAL_FIELDS, FIELD_MAX_LENGTH, normaliseCountry, normaliseTimeZone } from '#libs/lead-intake';

/**
 * The building blocks of the API contract. Each value the API accepts is described here once; the same schema
 * validates requests and, through z.toJSONSchema, is what /docs/openapi.json shows. Where a stage service would
 * refuse a value the schema allows, the schema is the stricter of the two, so the API refuses it first.
 */

export const campaignId = z.string().regex(CAMPAIGN_ID_PATTERN, { error: 'must be a campaign id: 1-63 lower-case letters, digits or dashes' }).meta({ example: 'q1-saas-cfos' });

/** Lead ids are UUIDs (any version), as every stage spells them. */
export const leadId = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, { error: 'must be a lead id (a UUID)' });

/** Text as people type it: no control characters other than tab and line breaks, no U+FFFD (mis-decoded bytes). */
export function text(max: number) {
  return z.string().max(max, { error: `must be at most ${max} characters` }).regex(/^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uFFFD]*$/, { error: 'must be text without control characters' });
}

/** A one-line label: at least one visible character, no control characters at all. */
export function label(max: number) {
  return z
    .string()
    .max(max, { error: `must be at most ${max} characters` })
    .regex(/^[^\x00-\x1F\x7F]*[^\s\x00-\x1F\x7F][^\x00-\x1F\x7F]*$/, { error: 'must be visible text on one line' });
}

/** Whole number from query text ("20"); the contract pipe converts exact numbers before validation. */
export function limit(max: number, fallback: number) {
  return z.int().min(1).max(max).default(fallback).describe(`Page size, 1-${max}`);
}

/**
 * An ASCII address in the common dot-atom form, spaces around it allowed (they are trimmed); internationalised
 * addresses come in through CSV imports.
 */
export const email = z
  .string()
  .max(254)
  .regex(/^[ \t]*[A-Za-z0-9_+-]{1,20}(?:\.[A-Za-z0-9_+-]{1,20}){0,2}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,20}[A-Za-z0-9])?\.){1,3}[A-Za-z]{2,20}[ \t]*$/, { error: 'must be an email address such as ann@example.com' })
  .meta({ example: 'ada.lovelace@analytical-engines.example' });

export const domain = z
  .string()
  .max(253)
  .regex(/^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,20}[A-Za-z0-9])?\.){1,3}[A-Za-z]{2,20}$/, { error: 'must be a domain such as example.com' })
  .meta({ example: 'competitor.example' });

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LETTERS = [...letters];
/** ISO 3166-1 alpha-2 codes as lead intake knows them. */
export const countryCodes = [...letters].flatMap((a) => [...letters].map((b) => a + b)).filter((code) => {
  const r = normaliseCountry(code);
  return r.ok && r.value === code;
});

/** IANA zone names lead intake accepts under their own spelling. */
export const timeZones = ['UTC', ...Intl.supportedValuesOf('timeZone')].filter((zone, i, all) => {
  const r = normaliseTimeZone(zone);
  return all.indexOf(zone) === i && r.ok && r.value === zone;
}) as [string, ...string[]];

/** The lead fields a person or a form may send, with lead intake's rules (libs/lead-intake). */
const fieldText = (field: (typeof CANONICAL_FIELDS)[number]) => text(FIELD_MAX_LENGTH[field]).optional();
export const leadFields = {
  email,
  firstName: fieldText('firstName'),
  lastName: fieldText('lastName'),
  title: fieldText('title'),
  company: fieldText('company'),
  companyDomain: fieldText('companyDomain'),
  industry: fieldText('industry'),
  employeeCount: z.int().min(0).max(10_000_000).optional(),
  revenueBand: fieldText('revenueBand'),
  country: z.enum(countryCodes as [string, ...string[]]).optional(),
  region: z
    .string()
    // The country part spelled out, so the document says exactly what is accepted (as for country).
    .regex(new RegExp(`^(?:${countryCodes.join('|')})-[A-Z0-9]{1,3}$`), { error: 'must be an ISO 3166-2 code in upper case, such as ES-MD or US-CA' })
    .optional()
    .describe('ISO 3166-2 subdivision, upper case; its country part must equal country when both are given')
    .meta({ example: 'ES-MD' }),
  city: fieldText('city'),
  timeZone: z.enum(timeZones).optional(),
  phone: fieldText('phone'),
  linkedinUrl: fieldText('linkedinUrl'),
  website: fieldText('website'),
  // Stored as one ';'-joined value of at most 1000 characters.
  technologies: z.array(text(40)).max(20).optional(),
  notes: fieldText('notes'),
};

/**
 * A lead's region must lie in its country. Lead intake refuses a mismatch naming `region`; the API refuses it first,
 * and its document says so too, so generated valid requests are valid.
 */
export function withRegionInCountry<T extends z.ZodObject>(schema: T): T {
  return schema
    .superRefine((lead: { country?: string; region?: string }, ctx) => {
      if (lead.region === undefined || lead.country === undefined || lead.region.startsWith(`${lead.country}-`)) return;
      ctx.addIssue({ code: 'custom', path: ['region'], message: `region ${lead.region} is in ${lead.region.slice(0, 2)}, but country is ${lead.country}` });
    })
    .meta({
      // "The first letters agree" and "the second letters agree", each a short anyOf: one branch per country
      // would be exact too, but Schemathesis cannot generate from an anyOf that long. "Without region" and
      // "without country" are properties that may not appear (it cannot generate from a `not` below the root).
      allOf: [0, 1].map((at) => ({
        anyOf: [
          { properties: { region: false } },
          { properties: { country: false } },
          ...LETTERS.map((letter) => ({ properties: { country: { pattern: `^${'.'.repeat(at)}${letter}` }, region: { pattern: `^${'.'.repeat(at)}${letter}` } } })),
        ],
      })),
    }) as T;
}

/** Stage answers passed through: the fields named are always there; more may be added without notice. */
export const passThrough = (description: string) => z.looseObject({}).describe(description);

/** A nextCursor the API gave out; a cursor it did not give out is refused. */
export const cursor = z.string().max(2048).regex(/^[A-Za-z0-9_-]+$/, { error: 'must be a nextCursor from the previous page' }).describe('nextCursor from the previous page');

/** An import job as harvest shows it; more fields may be added without notice. */
export const importJob = z.looseObject({
  id: z.string(),
  campaignId: z.string(),
  status: z.string(),
  encoding: z.string().nullable().describe('Text encoding the file was read in (utf-8, windows-1252, shift_jis, ...); null until its header is read'),
  ignoredColumns: z.array(z.string()).nullable().describe('Header columns that map to no lead field and were not imported; null until the header is read'),
});

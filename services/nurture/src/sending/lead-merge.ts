import type { LeadFacts } from '#libs/contracts';
import { leadMergeFields, type LeadMergeFields } from '#libs/nurture-templates';

/** The template fields of one lead, from harvest's facts read at send time (a fix to a name shows in the next step). */
export function mergeFieldsOf(facts: LeadFacts, senderName: string | null = null): LeadMergeFields {
  // region arrives with the intake paths' ISO 3166-2 field; facts from an older harvest lack it.
  return leadMergeFields({ ...facts, region: (facts as { region?: string | null }).region ?? null }, { senderName });
}

/** Stand-in fields for a test send without a lead: every field filled, plainly fake. */
export const SAMPLE_MERGE_FIELDS: LeadMergeFields = {
  firstName: 'Sam',
  lastName: 'Sample',
  fullName: 'Sam Sample',
  email: 'sam.sample@example.com',
  title: 'Head of Sales',
  company: 'Sample & Co',
  companyDomain: 'example.com',
  industry: 'Software',
  country: 'US',
  region: 'US-CA',
  city: 'San Francisco',
  ownerName: 'Alex Owner',
  senderName: 'Alex Sender',
};

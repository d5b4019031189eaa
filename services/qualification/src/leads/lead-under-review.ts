import type { LeadFacts } from '#libs/contracts';
import { normaliseEmail } from '#libs/lead-intake';
import type { QualificationLead } from '#libs/lead-qualification';

/** One lead of a harvest page as qualification sees it: the judged fields plus its mail identity. */
export interface LeadUnderReview {
  /** Lower-case, as PostgreSQL prints a uuid, so stored rows and page leads meet in one Map. */
  id: string;
  /** ISO time from harvest, with its microseconds: compared in SQL, never through a JS Date. */
  updatedAt: string;
  /** The address in identity form, or as harvest gave it when it does not parse. */
  address: string;
  /** Lower-case punycode mail domain; null when the address does not parse (its verdict is `invalid`). */
  domain: string | null;
  lead: QualificationLead & { email: string };
}

/** Harvest's nulls become absent fields, the shape the qualification rules read. */
export function leadUnderReview(facts: LeadFacts): LeadUnderReview {
  const parsed = normaliseEmail(facts.email);
  return {
    id: facts.id.toLowerCase(),
    updatedAt: facts.updatedAt,
    address: parsed.ok ? parsed.email : facts.email,
    domain: parsed.ok ? parsed.domain : null,
    lead: {
      email: facts.email,
      firstName: facts.firstName ?? undefined,
      lastName: facts.lastName ?? undefined,
      title: facts.title ?? undefined,
      company: facts.company ?? undefined,
      companyDomain: facts.companyDomain ?? undefined,
      industry: facts.industry ?? undefined,
      employeeCount: facts.employeeCount ?? undefined,
      revenueBand: facts.revenueBand ?? undefined,
      country: facts.country ?? undefined,
      timeZone: facts.timeZone ?? undefined,
      technologies: facts.technologies ?? undefined,
      notes: facts.notes ?? undefined,
    },
  };
}

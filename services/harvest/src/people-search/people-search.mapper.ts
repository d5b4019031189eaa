/** Pure mapping between our filter/lead shapes and the Apollo-style wire shape. */
import { regionFromState } from './people-search-region.js';
import type { ApolloPerson, ApolloSearchRequest, PeopleSearchFilter, PeopleSearchLead } from './people-search.types.js';

/** Only send filters that are set: an empty array would mean "match none" on some providers. */
export function toSearchRequest(filter: PeopleSearchFilter, page: number, perPage: number): ApolloSearchRequest {
  const body: ApolloSearchRequest = { page, per_page: perPage };
  if (filter.personTitles?.length) body.person_titles = filter.personTitles;
  if (filter.personSeniorities?.length) body.person_seniorities = filter.personSeniorities;
  if (filter.organizationLocations?.length) body.organization_locations = filter.organizationLocations;
  if (filter.organizationNumEmployeesRanges?.length) body.organization_num_employees_ranges = filter.organizationNumEmployeesRanges;
  if (filter.qKeywords?.trim()) body.q_keywords = filter.qKeywords.trim();
  return body;
}

// Email is our identity, so only addresses the provider stands behind become leads; "guessed" ones bounce.
const USABLE_EMAIL_STATUS = new Set(['verified', 'likely', 'likely to engage']);

/** The email to use, or undefined when the person must be skipped (counted as skippedNoEmail). */
export function usableEmail(person: ApolloPerson): string | undefined {
  const email = text(person.email);
  if (!email || !email.includes('@')) return undefined;
  // Apollo returns this placeholder for emails the account has not unlocked.
  if (email.toLowerCase().startsWith('email_not_unlocked@')) return undefined;
  const status = text(person.email_status)?.toLowerCase();
  return status && USABLE_EMAIL_STATUS.has(status) ? email : undefined;
}

export function toLead(person: ApolloPerson, email: string): PeopleSearchLead {
  const org = person.organization ?? {};
  const [first, ...rest] = (text(person.name) ?? '').split(/\s+/);
  const employees = org.estimated_num_employees;
  return {
    email,
    firstName: text(person.first_name) ?? (first || undefined),
    lastName: text(person.last_name) ?? (rest.join(' ') || undefined),
    title: text(person.title),
    company: text(org.name),
    companyDomain: text(org.primary_domain),
    industry: text(org.industry),
    employeeCount: typeof employees === 'number' && Number.isFinite(employees) && employees >= 0 ? employees : undefined,
    country: text(person.country),
    region: regionFromState(text(person.state), text(person.country)),
    city: text(person.city),
    linkedinUrl: text(person.linkedin_url),
    technologies: Array.isArray(org.technology_names) ? org.technology_names.filter((t): t is string => typeof t === 'string') : [],
    externalId: String(person.id),
  };
}

/** Map one page of people; returns the leads and how many were skipped for email. */
export function mapPeople(people: ApolloPerson[]): { leads: PeopleSearchLead[]; skippedNoEmail: number } {
  const leads: PeopleSearchLead[] = [];
  let skippedNoEmail = 0;
  for (const person of people) {
    const email = usableEmail(person);
    if (email) leads.push(toLead(person, email));
    else skippedNoEmail++;
  }
  return { leads, skippedNoEmail };
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

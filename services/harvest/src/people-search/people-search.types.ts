/**
 * The Apollo-style people-search wire shape this connector speaks, and the lead shape it yields.
 *
 *   POST {baseUrl}/api/v1/mixed_people/search
 *   X-Api-Key: <key>            Content-Type: application/json
 *   { page, per_page, person_titles?, person_seniorities?, organization_locations?,
 *     organization_num_employees_ranges?, q_keywords? }
 *
 *   200 { people: [ApolloPerson], pagination: { page, per_page, total_entries, total_pages } }
 *   429 + Retry-After (seconds or HTTP-date) when rate-limited; 401/403 bad key; 422 bad filter.
 */

import type { LeadInput } from '#libs/lead-intake';

export const PEOPLE_SEARCH_PATH = '/api/v1/mixed_people/search';

export interface ApolloOrganization {
  name?: string | null;
  primary_domain?: string | null;
  industry?: string | null;
  estimated_num_employees?: number | null;
  technology_names?: string[] | null;
}

export interface ApolloPerson {
  id: string;
  first_name?: string | null;
  last_name?: string | null;
  name?: string | null;
  title?: string | null;
  email?: string | null;
  /** Apollo: verified, likely to engage, guessed, unavailable, bounced, … */
  email_status?: string | null;
  linkedin_url?: string | null;
  city?: string | null;
  state?: string | null;
  country?: string | null;
  organization?: ApolloOrganization | null;
}

export interface ApolloPagination {
  page: number;
  per_page: number;
  total_entries: number;
  total_pages: number;
}

export interface ApolloSearchResponse {
  people: ApolloPerson[];
  pagination?: ApolloPagination;
}

export interface ApolloSearchRequest {
  page: number;
  per_page: number;
  person_titles?: string[];
  person_seniorities?: string[];
  organization_locations?: string[];
  /** Apollo's "min,max" strings, e.g. "11,50". */
  organization_num_employees_ranges?: string[];
  q_keywords?: string;
}

/** A campaign's people-search filter, in our naming. */
export interface PeopleSearchFilter {
  personTitles?: string[];
  personSeniorities?: string[];
  organizationLocations?: string[];
  organizationNumEmployeesRanges?: string[];
  qKeywords?: string;
}

/**
 * One person as a harvest lead input: the lead fields Apollo can fill, not yet validated (country arrives as a
 * name, the email un-normalised); libs/lead-intake's validateLeadRecord checks it before it is stored.
 */
export type PeopleSearchLead = Pick<
  LeadInput,
  'email' | 'firstName' | 'lastName' | 'title' | 'company' | 'companyDomain' | 'industry' | 'employeeCount' | 'country' | 'region' | 'city' | 'linkedinUrl'
> & {
  technologies: string[];
  /** The person's id at the source, for provenance. */
  externalId: string;
};

export interface PeopleSearchPage {
  page: number;
  totalPages: number;
  totalEntries: number;
  leads: PeopleSearchLead[];
  /** People on this page skipped for a missing or unverified email. */
  skippedNoEmail: number;
}

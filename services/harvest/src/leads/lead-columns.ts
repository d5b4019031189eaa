/** Lead fields as stored: camelCase input name → snake_case column. Technologies is handled apart (a set). */
export const scalarLeadColumns = [
  ['firstName', 'first_name'],
  ['lastName', 'last_name'],
  ['title', 'title'],
  ['company', 'company'],
  ['companyDomain', 'company_domain'],
  ['industry', 'industry'],
  ['employeeCount', 'employee_count'],
  ['revenueBand', 'revenue_band'],
  ['country', 'country'],
  ['region', 'region'],
  ['city', 'city'],
  ['timeZone', 'time_zone'],
  ['phone', 'phone'],
  ['linkedinUrl', 'linkedin_url'],
  ['website', 'website'],
  ['notes', 'notes'],
] as const;

export type ScalarLeadField = (typeof scalarLeadColumns)[number][0];

import type { LeadFacts } from '#libs/contracts';

/** For specs: lead number `n` as harvest serves it, an operations head at Acme in Germany who asked for pricing. */
export function leadFactsFixture(n: number, extra: Partial<LeadFacts> = {}): LeadFacts {
  return {
    id: `0190f3a0-0000-7000-8000-${String(n).padStart(12, '0')}`,
    email: `lead${n}@acme.example`,
    firstName: 'Ann',
    lastName: 'Lee',
    title: 'Head of Operations',
    company: 'Acme',
    companyDomain: null,
    industry: 'Software',
    employeeCount: 250,
    revenueBand: null,
    country: 'DE',
    region: null,
    timeZone: null,
    technologies: [],
    notes: 'asked for pricing',
    updatedAt: '2026-11-03T09:15:00.123456+00:00',
    ...extra,
  };
}

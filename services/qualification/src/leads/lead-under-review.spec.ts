import type { LeadFacts } from '#libs/contracts';
import { leadUnderReview } from './lead-under-review.js';

const facts: LeadFacts = {
  id: '0190f3a0-0000-7000-8000-000000000001',
  email: 'ann@bücher.de',
  firstName: 'Ann',
  lastName: null,
  title: 'VP Sales',
  company: 'Bücher GmbH',
  companyDomain: null,
  industry: 'Retail',
  employeeCount: null,
  revenueBand: null,
  country: 'DE',
  region: null,
  timeZone: null,
  technologies: ['Shopify'],
  notes: null,
  updatedAt: '2026-11-03T09:15:00.123456+00:00',
};

describe('leadUnderReview', () => {
  it('gives the identity address and punycode domain, and drops harvest nulls', () => {
    const lead = leadUnderReview(facts);
    expect(lead).toMatchObject({ id: facts.id, updatedAt: facts.updatedAt, address: 'ann@xn--bcher-kva.de', domain: 'xn--bcher-kva.de' });
    expect(lead.lead).toEqual({ email: 'ann@bücher.de', firstName: 'Ann', title: 'VP Sales', company: 'Bücher GmbH', industry: 'Retail', country: 'DE', technologies: ['Shopify'] });
    expect(Object.values(lead.lead).filter((v) => v === undefined)).toHaveLength(Object.keys(lead.lead).length - 7);
  });

  it('keeps an address that does not parse, without a domain', () => {
    expect(leadUnderReview({ ...facts, email: 'not-an-address' })).toMatchObject({ address: 'not-an-address', domain: null });
  });
});

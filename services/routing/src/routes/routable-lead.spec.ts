import type { LeadFacts } from '#libs/contracts';
import { leadDomains, toLeadToRoute } from './routable-lead.js';

const facts: LeadFacts = {
  id: '0190a5b0-0000-7000-8000-000000000001',
  email: 'ana@acme.com',
  firstName: 'Ana',
  lastName: null,
  title: 'VP Sales',
  company: 'Acme',
  companyDomain: 'WWW.Acme.com',
  industry: 'Software',
  employeeCount: 1200,
  revenueBand: null,
  country: 'DE',
  region: null,
  timeZone: null,
  technologies: [],
  notes: null,
  updatedAt: '2025-01-01T00:00:00.000Z',
};

describe('toLeadToRoute', () => {
  it('combines tier, harvest facts and routing guardrail facts', () => {
    const lead = toLeadToRoute({ leadId: facts.id, tier: 'hot' }, facts, { stage: 'customer', activeSequence: 'seq-other' }, 1_700_000_000_000);
    expect(lead).toEqual({
      tier: 'hot',
      country: 'DE',
      region: null,
      industry: 'Software',
      employeeCount: 1200,
      stage: 'customer',
      activeInOtherSequence: 'seq-other',
      colleagueRepliedAt: 1_700_000_000_000,
    });
  });

  it('leaves unknown facts empty (a tier without a sequence needs none)', () => {
    expect(toLeadToRoute({ leadId: facts.id, tier: 'cold' }, undefined, undefined, undefined)).toEqual({
      tier: 'cold',
      country: null,
      region: null,
      industry: null,
      employeeCount: null,
      stage: null,
      activeInOtherSequence: null,
      colleagueRepliedAt: null,
    });
  });
});

describe('leadDomains', () => {
  it('are the account keys of the company domain and of the address domain, once each', () => {
    expect(leadDomains({ ...facts, email: 'ana@acme.com' })).toEqual(['acme.com']);
    expect(leadDomains({ ...facts, companyDomain: 'WWW.Acme.com.', email: 'ana@acme.de' })).toEqual(['acme.com', 'acme.de']);
    // Imported without a company domain: the address still names the account a colleague's reply is recorded under.
    expect(leadDomains({ ...facts, companyDomain: null, email: 'ana@acme.de' })).toEqual(['acme.de']);
    expect(leadDomains(undefined)).toEqual([]);
  });

  it('never include a free-mail domain', () => {
    expect(leadDomains({ ...facts, companyDomain: null, email: 'ana@gmail.com' })).toEqual([]);
    expect(leadDomains({ ...facts, companyDomain: 'gmail.com', email: 'ana@gmail.com' })).toEqual([]);
    expect(leadDomains({ ...facts, email: 'ana.acme@gmx.de' })).toEqual(['acme.com']);
  });
});

import type { LeadFacts } from '#libs/contracts';
import { leadDomain, toLeadToRoute } from './routable-lead.js';

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

describe('leadDomain', () => {
  it('is the account key of the lead company domain', () => {
    expect(leadDomain(facts)).toBe('acme.com');
    expect(leadDomain({ ...facts, companyDomain: null })).toBeNull();
    expect(leadDomain(undefined)).toBeNull();
  });
});

import { colleagueScope, colleagueStopDecision, companyDomainOf } from './company-domain.js';

describe('companyDomainOf', () => {
  it('answers the domain of a company address, lower-cased', () => {
    expect(companyDomainOf('Ann.Lee@Acme-Robotics.DE')).toBe('acme-robotics.de');
  });

  it('answers null for free-mail and disposable domains, never a company', () => {
    for (const email of ['someone@gmail.com', 'someone@outlook.com', 'someone@gmx.de', 'someone@yahoo.com', 'someone@mailinator.com']) expect(companyDomainOf(email)).toBeNull();
  });

  it('answers null for an address that cannot be read', () => {
    expect(companyDomainOf('not an address')).toBeNull();
  });
});

describe('colleagueScope', () => {
  it('none stops nobody; campaign narrows to the reply’s campaign; all-campaigns to none', () => {
    expect(colleagueScope('none', 'c1')).toEqual({ stop: false });
    expect(colleagueScope('campaign', 'c1')).toEqual({ stop: true, campaignId: 'c1' });
    expect(colleagueScope('all-campaigns', 'c1')).toEqual({ stop: true, campaignId: null });
  });
});

describe('colleagueStopDecision', () => {
  it('names the domain for people and the event for a retry', () => {
    expect(colleagueStopDecision('acme.de', 'inbox:42')).toEqual({ reason: 'a colleague at acme.de replied', decision: 'stopped: a colleague at acme.de replied (event inbox:42)' });
  });
});

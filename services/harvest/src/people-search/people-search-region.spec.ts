import { validateLeadRecord } from '#libs/lead-intake';
import { fakePerson } from '../../../../tools/dev-fakes/people-search/people-search.fake-server.js';
import { toLead } from './people-search.mapper.js';
import { regionFromState } from './people-search-region.js';

describe('regionFromState', () => {
  it.each([
    ['Texas', 'United States', 'US-TX'],
    ['Berlin', 'Germany', 'DE-BE'],
    ['bayern', 'DE', 'DE-BY'],
    ['Comunidad de Madrid', 'Spain', 'ES-MD'],
    ['Cataluña', 'Spain', 'ES-CT'],
    ['England', 'United Kingdom', 'GB-ENG'],
    ['CA', 'United States', 'CA'], // a code is left for intake to complete and check
    ['us-ca', undefined, 'us-ca'],
  ])('%j in %j → %j', (state, country, expected) => {
    expect(regionFromState(state, country)).toBe(expected);
  });

  it.each([
    [undefined, 'Spain'],
    ['Atlantis', 'Spain'],
    ['Texas', undefined],
    ['Texas', 'Narnia'],
  ])('leaves out %j in %j', (state, country) => {
    expect(regionFromState(state, country)).toBeUndefined();
  });
});

describe('people-search persons with a state', () => {
  it('become leads with an ISO 3166-2 region that intake accepts', () => {
    const leads = [1, 2, 3].map((n) => fakePerson(n)).map((p) => validateLeadRecord({ ...toLead(p, p.email!) }));
    expect(leads.map((l) => (l.ok ? [l.lead.country, l.lead.region] : l.problems))).toEqual([
      ['GB', undefined],
      ['US', 'US-TX'],
      ['DE', 'DE-BE'],
    ]);
  });
});

import { fakePerson } from '../../../../tools/dev-fakes/people-search/people-search.fake-server.js';
import { mapPeople, toLead, toSearchRequest, usableEmail } from './people-search.mapper.js';
import type { ApolloPerson } from './people-search.types.js';

describe('toSearchRequest', () => {
  it('sends snake_case filters that are set, and nothing else', () => {
    expect(
      toSearchRequest(
        { personTitles: ['VP Sales'], personSeniorities: [], organizationLocations: ['Germany'], organizationNumEmployeesRanges: ['11,50'], qKeywords: '  crm ' },
        2,
        100,
      ),
    ).toEqual({ page: 2, per_page: 100, person_titles: ['VP Sales'], organization_locations: ['Germany'], organization_num_employees_ranges: ['11,50'], q_keywords: 'crm' });
    expect(toSearchRequest({}, 1, 25)).toEqual({ page: 1, per_page: 25 });
  });
});

describe('usableEmail', () => {
  it.each<[string, Partial<ApolloPerson>, string | undefined]>([
    ['verified', { email: ' a@b.example ', email_status: 'verified' }, 'a@b.example'],
    ['likely', { email: 'a@b.example', email_status: 'likely' }, 'a@b.example'],
    ['likely to engage', { email: 'a@b.example', email_status: 'Likely to engage' }, 'a@b.example'],
    ['guessed', { email: 'a@b.example', email_status: 'guessed' }, undefined],
    ['unavailable', { email: 'a@b.example', email_status: 'unavailable' }, undefined],
    ['no status', { email: 'a@b.example', email_status: null }, undefined],
    ['no email', { email: null, email_status: 'verified' }, undefined],
    ['blank email', { email: '  ', email_status: 'verified' }, undefined],
    ['not an address', { email: 'nobody', email_status: 'verified' }, undefined],
    ['locked placeholder', { email: 'email_not_unlocked@domain.com', email_status: 'verified' }, undefined],
  ])('%s', (_name, overrides, expected) => {
    expect(usableEmail(fakePerson(1, overrides))).toBe(expected);
  });
});

describe('toLead', () => {
  it('maps every field', () => {
    expect(toLead(fakePerson(3), 'first3.last3@company3.example')).toEqual({
      email: 'first3.last3@company3.example',
      firstName: 'First3',
      lastName: 'Last3',
      title: 'Sales Manager',
      company: 'Company 3',
      companyDomain: 'company3.example',
      industry: 'computer software',
      employeeCount: 40,
      country: 'Germany',
      region: 'DE-BE', // Apollo's state name, placed among Germany's subdivisions
      city: 'Berlin',
      linkedinUrl: 'https://www.linkedin.com/in/first3-last3',
      technologies: ['Salesforce', 'Slack'],
      externalId: 'person-3',
    });
  });

  it('falls back to the full name and tolerates a missing organization', () => {
    const lead = toLead({ id: 'x', name: 'Ada  King Lovelace', organization: null }, 'ada@x.example');
    expect(lead).toEqual({ email: 'ada@x.example', firstName: 'Ada', lastName: 'King Lovelace', technologies: [], externalId: 'x' });
  });
});

describe('mapPeople', () => {
  it('counts the people it skips', () => {
    const people = [fakePerson(1), fakePerson(2, { email: null }), fakePerson(3, { email_status: 'guessed' })];
    const { leads, skippedNoEmail } = mapPeople(people);
    expect(leads.map((l) => l.externalId)).toEqual(['person-1']);
    expect(skippedNoEmail).toBe(2);
  });
});

import { mergeLead, SOURCE_RANK, type FieldSources, type IncomingLead, type LeadFields, type LeadSource, type StoredLead } from './merge.js';

const T1 = '2026-01-01T00:00:00Z';
const T2 = '2026-02-01T00:00:00Z';

describe('SOURCE_RANK', () => {
  it('ranks a person over a form over a list over a vendor', () => {
    expect(SOURCE_RANK).toEqual({ api: 4, csv: 3, 'people-search': 2, 'web-form': 1 });
  });
});

type Case = {
  name: string;
  stored: { value?: string; source?: LeadSource; seenAt?: string };
  incoming: { value?: string; source: LeadSource; seenAt?: string };
  expect: { value?: string; source?: LeadSource; changed: boolean; refused?: boolean };
};

// One field (title) through every precedence rule.
const cases: Case[] = [
  { name: 'fills an empty field from any source', stored: {}, incoming: { value: 'CTO', source: 'people-search' }, expect: { value: 'CTO', source: 'people-search', changed: true } },
  { name: 'higher rank replaces', stored: { value: 'CTO', source: 'csv' }, incoming: { value: 'CEO', source: 'api' }, expect: { value: 'CEO', source: 'api', changed: true } },
  { name: 'lower rank never replaces', stored: { value: 'CTO', source: 'api' }, incoming: { value: 'CEO', source: 'csv' }, expect: { value: 'CTO', source: 'api', changed: false, refused: true } },
  { name: 'vendor data replaces a form value', stored: { value: 'CTO', source: 'web-form' }, incoming: { value: 'CEO', source: 'people-search' }, expect: { value: 'CEO', source: 'people-search', changed: true } },
  { name: 'a form never replaces an imported value', stored: { value: 'CTO', source: 'csv' }, incoming: { value: 'CEO', source: 'web-form' }, expect: { value: 'CTO', source: 'csv', changed: false, refused: true } },
  { name: 'a form never replaces a value typed in through the API', stored: { value: 'CTO', source: 'api' }, incoming: { value: 'CEO', source: 'web-form' }, expect: { value: 'CTO', source: 'api', changed: false, refused: true } },
  { name: 'a form never replaces a connector value', stored: { value: 'CTO', source: 'people-search' }, incoming: { value: 'CEO', source: 'web-form' }, expect: { value: 'CTO', source: 'people-search', changed: false, refused: true } },
  { name: 'a form fills an empty field', stored: { value: '', source: 'csv' }, incoming: { value: 'CEO', source: 'web-form' }, expect: { value: 'CEO', source: 'web-form', changed: true } },
  { name: 'a newer form replaces an earlier form value', stored: { value: 'CTO', source: 'web-form', seenAt: T1 }, incoming: { value: 'CEO', source: 'web-form', seenAt: T2 }, expect: { value: 'CEO', source: 'web-form', changed: true } },
  { name: 'the same value is not refused', stored: { value: 'CTO', source: 'api' }, incoming: { value: 'CTO', source: 'web-form' }, expect: { value: 'CTO', source: 'api', changed: false } },
  { name: 'equal rank: incoming replaces when no stored time is known', stored: { value: 'CTO', source: 'csv' }, incoming: { value: 'CEO', source: 'csv' }, expect: { value: 'CEO', source: 'csv', changed: true } },
  { name: 'equal rank: newer replaces', stored: { value: 'CTO', source: 'csv', seenAt: T1 }, incoming: { value: 'CEO', source: 'csv', seenAt: T2 }, expect: { value: 'CEO', source: 'csv', changed: true } },
  { name: 'equal rank: older (late delivery) does not replace', stored: { value: 'CTO', source: 'csv', seenAt: T2 }, incoming: { value: 'CEO', source: 'csv', seenAt: T1 }, expect: { value: 'CTO', source: 'csv', changed: false, refused: true } },
  { name: 'equal rank, same time: incoming replaces', stored: { value: 'CTO', source: 'csv', seenAt: T1 }, incoming: { value: 'CEO', source: 'csv', seenAt: T1 }, expect: { value: 'CEO', source: 'csv', changed: true } },
  { name: 'higher rank replaces even when older', stored: { value: 'CTO', source: 'csv', seenAt: T2 }, incoming: { value: 'CEO', source: 'api', seenAt: T1 }, expect: { value: 'CEO', source: 'api', changed: true } },
  { name: 'empty incoming never erases', stored: { value: 'CTO', source: 'people-search' }, incoming: { value: '', source: 'api' }, expect: { value: 'CTO', source: 'people-search', changed: false } },
  { name: 'whitespace incoming never erases', stored: { value: 'CTO', source: 'csv' }, incoming: { value: '  ', source: 'api' }, expect: { value: 'CTO', source: 'csv', changed: false } },
  { name: 'missing incoming never erases', stored: { value: 'CTO', source: 'csv' }, incoming: { source: 'api' }, expect: { value: 'CTO', source: 'csv', changed: false } },
  { name: 'same value from a higher rank takes over provenance, no change', stored: { value: 'CTO', source: 'csv' }, incoming: { value: 'CTO', source: 'api' }, expect: { value: 'CTO', source: 'api', changed: false } },
  { name: 'lower rank fills a field stored empty', stored: { value: '', source: 'api' }, incoming: { value: 'CTO', source: 'csv' }, expect: { value: 'CTO', source: 'csv', changed: true } },
  { name: 'a value without a recorded source is replaced', stored: { value: 'CTO' }, incoming: { value: 'CEO', source: 'people-search' }, expect: { value: 'CEO', source: 'people-search', changed: true } },
];

describe('mergeLead precedence', () => {
  it.each(cases)('$name', ({ stored, incoming, expect: want }) => {
    const existing: StoredLead = {
      fields: stored.value === undefined ? {} : { title: stored.value },
      fieldSources: stored.source === undefined ? {} : { title: stored.source },
      ...(stored.seenAt ? { seenAt: stored.seenAt } : {}),
    };
    const result = mergeLead(existing, {
      fields: incoming.value === undefined ? {} : { title: incoming.value },
      source: incoming.source,
      seenAt: incoming.seenAt ?? T2,
    });
    expect(result.fields.title).toBe(want.value);
    expect(result.fieldSources.title).toBe(want.source);
    expect(result.changed).toEqual(want.changed ? ['title'] : []);
    expect(result.refused).toEqual(want.refused ? ['title'] : []);
  });
});

describe('mergeLead', () => {
  it('merges field by field and lists changed fields in canonical order', () => {
    const existing: StoredLead = {
      fields: { firstName: 'Ann', title: 'CTO', employeeCount: 50, country: 'DE' },
      fieldSources: { firstName: 'api', title: 'csv', employeeCount: 'csv', country: 'people-search' },
    };
    const incoming: IncomingLead = {
      fields: { email: 'ignored@example.com', firstName: 'Anne', title: 'CEO', employeeCount: 0, country: 'FR', city: 'Lyon' },
      source: 'csv',
      seenAt: T2,
    };
    const result = mergeLead(existing, incoming);
    expect(result.fields).toEqual({ firstName: 'Ann', title: 'CEO', employeeCount: 0, country: 'FR', city: 'Lyon' });
    expect(result.fieldSources).toEqual<FieldSources>({ firstName: 'api', title: 'csv', employeeCount: 'csv', country: 'csv', city: 'csv' });
    expect(result.changed).toEqual(['title', 'employeeCount', 'country', 'city']);
    expect(result.refused).toEqual(['firstName']);
  });

  it('unions technologies whatever the rank, ignoring case', () => {
    const existing: StoredLead = { fields: { technologies: ['Salesforce', 'AWS'] }, fieldSources: { technologies: 'api' } };
    const result = mergeLead(existing, { fields: { technologies: ['aws', 'HubSpot'] }, source: 'people-search', seenAt: T2 });
    expect(result.fields.technologies).toEqual(['Salesforce', 'AWS', 'HubSpot']);
    expect(result.fieldSources.technologies).toBe('api');
    expect(result.changed).toEqual(['technologies']);
  });

  it('reports no change when technologies add nothing new', () => {
    const existing: StoredLead = { fields: { technologies: ['AWS'] }, fieldSources: { technologies: 'csv' } };
    expect(mergeLead(existing, { fields: { technologies: ['aws'] }, source: 'api', seenAt: T2 })).toEqual({
      fields: { technologies: ['AWS'] },
      fieldSources: { technologies: 'api' },
      changed: [],
      refused: [],
    });
  });

  it('does not modify its inputs and is idempotent', () => {
    const existing: StoredLead = { fields: { title: 'CTO' }, fieldSources: { title: 'csv' } };
    const incoming: IncomingLead = { fields: { title: 'CEO', company: 'Acme' }, source: 'csv', seenAt: T2 };
    const snapshot = structuredClone(existing);
    const once = mergeLead(existing, incoming);
    expect(existing).toEqual(snapshot);
    const twice = mergeLead({ fields: once.fields, fieldSources: once.fieldSources }, incoming);
    expect(twice.fields).toEqual(once.fields);
    expect(twice.changed).toEqual([]);
  });

  it('builds a new lead from an empty record', () => {
    const fields: LeadFields = { firstName: 'Ann', technologies: ['AWS'] };
    expect(mergeLead({ fields: {}, fieldSources: {} }, { fields, source: 'web-form', seenAt: T1 })).toEqual({
      fields,
      fieldSources: { firstName: 'web-form', technologies: 'web-form' },
      changed: ['firstName', 'technologies'],
      refused: [],
    });
  });

  it('refuses a time that is not ISO 8601', () => {
    expect(() => mergeLead({ fields: {}, fieldSources: {} }, { fields: {}, source: 'api', seenAt: 'yesterday' })).toThrow(TypeError);
  });
});

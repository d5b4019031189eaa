import { mapHeader, validateRow } from './csv-row.js';
import { normaliseRegion } from './field-values.js';
import { canonicalFieldForHeader } from './lead-fields.js';
import { validateLeadRecord } from './lead-record.js';
import { mergeLead } from './merge.js';

describe('normaliseRegion', () => {
  it.each([
    ['ES-MD', undefined, 'ES-MD'],
    [' es-md ', undefined, 'ES-MD'],
    ['us-ca', 'US', 'US-CA'],
    ['GB-LND', 'GB', 'GB-LND'],
    ['FR-75', 'FR', 'FR-75'],
    ['CA', 'US', 'US-CA'], // a "State" column next to a country
    ['md', 'ES', 'ES-MD'],
  ])('%j (country %s) is %s', (raw, country, expected) => {
    expect(normaliseRegion(raw, country)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['US-CA', 'ES', "region US-CA is in US, but the lead's country is ES"],
    ['QQ-12', undefined, 'region "QQ-12" does not start with an ISO 3166-1 country code'],
    ['CA', undefined, "region must be an ISO 3166-2 code such as ES-MD or US-CA, or a subdivision code with the lead's country set (got \"CA\")"],
    ['California', 'US', 'region must be an ISO 3166-2 code such as ES-MD or US-CA (got "California")'],
    ['ES-MADR', 'ES', 'region must be an ISO 3166-2 code such as ES-MD or US-CA (got "ES-MADR")'],
    ['ES_MD', undefined, 'region must be an ISO 3166-2 code such as ES-MD or US-CA (got "ES_MD")'],
    ['ESP-MD', undefined, 'region must be an ISO 3166-2 code such as ES-MD or US-CA (got "ESP-MD")'],
  ])('refuses %j (country %s)', (raw, country, reason) => {
    expect(normaliseRegion(raw, country)).toEqual({ ok: false, reason });
  });
});

describe('region through CSV rows', () => {
  it.each(['Region', 'State', 'state_code', 'Province', 'State/Province', 'Subdivision', 'ISO 3166-2'])('maps the header %j to region', (header) => {
    expect(canonicalFieldForHeader(header)).toBe('region');
  });

  const header = mapHeader(['email', 'State', 'Country']);
  const columns = header.ok ? header.columns : [];

  it('completes a bare state code with the country that comes after it', () => {
    expect(validateRow(['ann@example.com', 'ca', 'United States'], columns, 2)).toEqual({ ok: true, lead: { email: 'ann@example.com', region: 'US-CA', country: 'US' } });
    expect(validateRow(['ann@example.com', 'es-md', ''], columns, 3)).toEqual({ ok: true, lead: { email: 'ann@example.com', region: 'ES-MD' } });
  });

  it('rejects a row whose region lies in another country, naming the field', () => {
    expect(validateRow(['ann@example.com', 'US-CA', 'ES'], columns, 4)).toEqual({ ok: false, line: 4, field: 'region', reason: "region US-CA is in US, but the lead's country is ES" });
    expect(validateRow(['ann@example.com', 'Texas', 'US'], columns, 5)).toMatchObject({ ok: false, line: 5, field: 'region' });
  });
});

describe('region through object records (API, form, people search)', () => {
  it('normalises to upper case and checks it against the country', () => {
    expect(validateLeadRecord({ email: 'a@example.com', region: 'es-md', country: 'es' })).toEqual({ ok: true, lead: { email: 'a@example.com', region: 'ES-MD', country: 'ES' } });
    expect(validateLeadRecord({ email: 'a@example.com', region: 'US-CA', country: 'Spain' })).toEqual({
      ok: false,
      problems: [{ field: 'region', reason: "region US-CA is in US, but the lead's country is ES" }],
    });
    expect(validateLeadRecord({ email: 'a@example.com', region: 7 })).toEqual({ ok: false, problems: [{ field: 'region', reason: 'region must be a string' }] });
  });
});

describe('merging a region', () => {
  const seenAt = '2026-01-02T00:00:00Z';

  it('follows source precedence like any field', () => {
    const stored = { fields: { country: 'ES', region: 'ES-MD' }, fieldSources: { country: 'csv' as const, region: 'csv' as const } };
    expect(mergeLead(stored, { fields: { region: 'ES-CT' }, source: 'api', seenAt })).toMatchObject({ fields: { country: 'ES', region: 'ES-CT' }, changed: ['region'], refused: [] });
    expect(mergeLead(stored, { fields: { region: 'ES-CT' }, source: 'web-form', seenAt })).toMatchObject({ fields: { region: 'ES-MD' }, changed: [], refused: ['region'] });
  });

  it('refuses a region outside the merged country and keeps the stored one', () => {
    // A form may fill an empty region, but not with one from another country than the stored (imported) one.
    const stored = { fields: { country: 'ES' }, fieldSources: { country: 'csv' as const } };
    const result = mergeLead(stored, { fields: { country: 'US', region: 'US-CA' }, source: 'web-form', seenAt });
    expect(result).toEqual({ fields: { country: 'ES' }, fieldSources: { country: 'csv' }, changed: [], refused: ['country', 'region'] });
  });

  it('drops a stored region when a trusted source moves the lead to another country', () => {
    const stored = { fields: { country: 'ES', region: 'ES-MD', city: 'Madrid' }, fieldSources: { country: 'csv' as const, region: 'csv' as const, city: 'csv' as const } };
    const moved = mergeLead(stored, { fields: { country: 'US', city: 'Austin' }, source: 'api', seenAt });
    expect(moved.fields).toEqual({ country: 'US', city: 'Austin' });
    expect(moved.changed).toEqual(['country', 'region', 'city']);
    const movedWithRegion = mergeLead(stored, { fields: { country: 'US', region: 'US-TX' }, source: 'api', seenAt });
    expect(movedWithRegion).toMatchObject({ fields: { country: 'US', region: 'US-TX' }, fieldSources: { country: 'api', region: 'api' }, changed: ['country', 'region'], refused: [] });
  });
});

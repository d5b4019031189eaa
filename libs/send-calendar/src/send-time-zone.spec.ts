import { holidayName, resolveSendTimeZone } from './index.js';

describe('resolveSendTimeZone', () => {
  test.each([
    ['the lead’s own zone first', { leadTimeZone: 'Asia/Kolkata', country: 'ES', campaignTimeZone: 'UTC' }, { timeZone: 'Asia/Kolkata', source: 'lead' }],
    ['a lead zone in another letter case is canonicalised', { leadTimeZone: 'europe/madrid' }, { timeZone: 'Europe/Madrid', source: 'lead' }],
    ['an invalid lead zone falls through to the country', { leadTimeZone: 'Mars/Olympus', country: 'DE', campaignTimeZone: 'UTC' }, { timeZone: 'Europe/Berlin', source: 'country' }],
    ['an offset string is not a zone', { leadTimeZone: '+01:00', country: 'FR' }, { timeZone: 'Europe/Paris', source: 'country' }],
    ['a one-zone country', { country: 'JP', campaignTimeZone: 'Europe/Madrid' }, { timeZone: 'Asia/Tokyo', source: 'country' }],
    ['a lower-case country code', { country: 'in' }, { timeZone: 'Asia/Kolkata', source: 'country' }],
    ['a multi-zone country without region: the campaign’s', { country: 'US', campaignTimeZone: 'America/Chicago' }, { timeZone: 'America/Chicago', source: 'campaign' }],
    ['a region with one zone decides', { country: 'US', region: 'US-CA', campaignTimeZone: 'America/Chicago' }, { timeZone: 'America/Los_Angeles', source: 'country' }],
    ['the Canaries are not Madrid', { country: 'ES', region: 'ES-CN', campaignTimeZone: 'Europe/Madrid' }, { timeZone: 'Atlantic/Canary', source: 'country' }],
    ['a region whose data lists several zones: the campaign’s', { country: 'ES', region: 'ES-MD', campaignTimeZone: 'Europe/Lisbon' }, { timeZone: 'Europe/Lisbon', source: 'campaign' }],
    ['a region of another country is ignored', { country: 'DE', region: 'US-CA' }, { timeZone: 'Europe/Berlin', source: 'country' }],
    ['an unknown country: the campaign’s', { country: 'XX', campaignTimeZone: 'Asia/Tokyo' }, { timeZone: 'Asia/Tokyo', source: 'campaign' }],
    ['nothing valid at all: UTC', { leadTimeZone: 'nope', campaignTimeZone: 'also/nope' }, { timeZone: 'UTC', source: 'campaign' }],
  ])('%s', (_name, input, expected) => {
    expect(resolveSendTimeZone(input)).toEqual(expected);
  });
});

describe('holidayName', () => {
  test('public holidays of the country and of the region, in the country’s language', () => {
    expect(holidayName('ES', null, '2026-12-08')).toBe('La inmaculada concepción');
    expect(holidayName('ES', 'ES-MD', '2026-05-02')).toBe('Día de la Comunidad de Madrid');
    expect(holidayName('ES', null, '2026-05-02')).toBeNull();
    expect(holidayName('US', 'US-CA', '2026-07-04')).toBe('Independence Day');
  });

  test('not bank holidays or observances; no country, no holidays', () => {
    expect(holidayName('DE', null, '2026-12-24')).toBeNull();
    expect(holidayName('US', null, '2026-02-14')).toBeNull();
    expect(holidayName(null, null, '2026-12-25')).toBeNull();
  });

  test('a malformed date is an error', () => {
    expect(() => holidayName('ES', null, '2026-13-01')).toThrow(RangeError);
  });
});

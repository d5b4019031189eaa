import { normaliseCountry, normaliseTimeZone, parseEmployeeCount, splitTechnologies } from './field-values.js';

describe('parseEmployeeCount', () => {
  it.each([
    ['0', 0],
    ['42', 42],
    [' 1200 ', 1200],
    ['1,200', 1200],
    ['12 500', 12500],
    ['1,234,567', 1234567],
    ['007', 7],
  ])('accepts %j as %d', (raw, value) => {
    expect(parseEmployeeCount(raw)).toEqual({ ok: true, value });
  });

  it.each(['-1', '12.5', '51-200', '1,20', '1,200.5', 'many', '1e3', '20000000'])('rejects %j', (raw) => {
    expect(parseEmployeeCount(raw).ok).toBe(false);
  });

  it('names the bad value', () => {
    expect(parseEmployeeCount('51-200')).toEqual({ ok: false, reason: 'employeeCount must be a whole number of 0 or more (got "51-200")' });
  });
});

describe('normaliseCountry', () => {
  it.each([
    ['DE', 'DE'],
    ['de', 'DE'],
    [' fr ', 'FR'],
    ['Germany', 'DE'],
    ['united states', 'US'],
    ['USA', 'US'],
    ['UK', 'GB'],
    ['United Kingdom', 'GB'],
    ['Brazil', 'BR'],
    ['Japan', 'JP'],
    ['India', 'IN'],
    ["Cote d'Ivoire", 'CI'],
    ['Myanmar', 'MM'],
    ['The Netherlands', 'NL'],
    ['XK', 'XK'],
  ])('accepts %j as %s', (raw, value) => {
    expect(normaliseCountry(raw)).toEqual({ ok: true, value });
  });

  it.each(['XX', 'EU', 'UN', 'ZZ', 'DEU', 'Atlantis', '', 'D'])('rejects %j', (raw) => {
    expect(normaliseCountry(raw).ok).toBe(false);
  });
});

describe('normaliseTimeZone', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['America/Sao_Paulo', 'America/Sao_Paulo'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['UTC', 'UTC'],
    ['America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
    ['asia/calcutta', 'Asia/Calcutta'],
  ])('accepts %j as %s', (raw, value) => {
    expect(normaliseTimeZone(raw)).toEqual({ ok: true, value });
  });

  it.each(['Mars/Olympus', 'EST', 'CET', '+02:00', 'GMT+2', 'Berlin', ''])('rejects %j', (raw) => {
    expect(normaliseTimeZone(raw).ok).toBe(false);
  });
});

describe('splitTechnologies', () => {
  it.each([
    ['Salesforce', ['Salesforce']],
    ['Salesforce;HubSpot', ['Salesforce', 'HubSpot']],
    [' Salesforce | HubSpot ;; AWS ', ['Salesforce', 'HubSpot', 'AWS']],
    ['AWS;aws;Aws', ['AWS']],
    [' ; | ', []],
    ['', []],
  ])('splits %j', (raw, list) => {
    expect(splitTechnologies(raw)).toEqual(list);
  });
});

import { escapeCsvFormula } from './csv-formula.js';
import { mapHeader, validateRow } from './csv-row.js';
import type { CanonicalField } from './lead-fields.js';

describe('mapHeader', () => {
  it('maps known headers and lists unknown ones', () => {
    expect(mapHeader(['E-mail', 'First Name', 'Lead Source', 'Company Name', '# Employees'])).toEqual({
      ok: true,
      columns: ['email', 'firstName', null, 'company', 'employeeCount'],
      unknown: ['Lead Source'],
    });
  });

  it.each([
    [['Name', 'Company'], 'header has no email column'],
    [['alice@example.com', 'Alice'], 'no header row: the first line looks like data (column 1 is an email address)'],
    [['Name', 'Email', 'Company', 'Phone', 'email'], 'duplicate header "email" at columns 2 and 5'],
    [['Email', 'First Name', 'E-mail'], 'headers "Email" (column 1) and "E-mail" (column 3) both map to email'],
    [['Email', '', 'Company'], 'header at column 2 is empty'],
    [['', '', ''], 'header row is empty'],
  ])('refuses %j', (headers, reason) => {
    const result = mapHeader(headers);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('ignores empty trailing headers (a delimiter at the end of each line)', () => {
    expect(mapHeader(['email', 'company', '', ''])).toEqual({ ok: true, columns: ['email', 'company', null, null], unknown: [] });
  });

  it('ignores a BOM and NUL bytes in a header', () => {
    expect(mapHeader(['\uFEFFemail\0'])).toEqual({ ok: true, columns: ['email'], unknown: [] });
  });
});

const columns: (CanonicalField | null)[] = ['email', 'firstName', 'employeeCount', 'country', 'timeZone', 'technologies', 'notes', null];
const row = (over: Partial<Record<number, string>> = {}) => {
  const cells = ['Ann@Example.com', ' Ann ', '120', 'de', 'Europe/Berlin', 'Salesforce;HubSpot', 'met at a fair', 'ignored'];
  for (const [i, v] of Object.entries(over)) cells[Number(i)] = v!;
  return cells;
};

describe('validateRow', () => {
  it('builds a lead with canonical values', () => {
    expect(validateRow(row(), columns, 7)).toEqual({
      ok: true,
      lead: {
        email: 'ann@example.com',
        firstName: 'Ann',
        employeeCount: 120,
        country: 'DE',
        timeZone: 'Europe/Berlin',
        technologies: ['Salesforce', 'HubSpot'],
        notes: 'met at a fair',
      },
    });
  });

  it('omits empty and whitespace-only cells', () => {
    expect(validateRow(['a@example.com', '  ', '', '', '', '', '', ''], columns, 2)).toEqual({ ok: true, lead: { email: 'a@example.com' } });
  });

  it.each([
    ['=HYPERLINK("http://evil","x")'],
    ['+49 30 1234567'],
    ['-5'],
    ['@SUM(A1:A2)'],
    ['\tindented'],
  ])('stores formula-looking cell %j as it is', (value) => {
    const result = validateRow(row({ 6: value }), columns, 2);
    expect(result).toMatchObject({ ok: true, lead: { notes: value.trim() } });
  });

  it('strips NUL bytes', () => {
    expect(validateRow(row({ 1: 'A\0nn' }), columns, 2)).toMatchObject({ ok: true, lead: { firstName: 'Ann' } });
  });

  it('keeps tabs and line breaks inside a cell', () => {
    expect(validateRow(row({ 6: 'line 1\r\nline 2\tend' }), columns, 2)).toMatchObject({ ok: true, lead: { notes: 'line 1\r\nline 2\tend' } });
  });

  type Case = [string, Partial<Record<number, string>> | string[], { field?: string; reason: string }];
  const cases: Case[] = [
    ['a bad email', { 0: 'not-an-email' }, { field: 'email', reason: 'email: missing @' }],
    ['an empty email', { 0: ' ' }, { field: 'email', reason: 'email is empty' }],
    ['too few cells', ['a@example.com', 'Ann'], { reason: 'row has 2 cells but the header has 8 columns' }],
    ['too many cells', [...row(), 'extra'], { reason: 'row has 9 cells but the header has 8 columns' }],
    ['a name over 1000 characters', { 1: 'x'.repeat(1001) }, { field: 'firstName', reason: 'firstName is 1001 characters long; the limit is 1000' }],
    ['notes over 10000 characters', { 6: 'x'.repeat(10_001) }, { field: 'notes', reason: 'notes is 10001 characters long; the limit is 10000' }],
    ['a negative employee count', { 2: '-3' }, { field: 'employeeCount', reason: 'employeeCount must be a whole number of 0 or more (got "-3")' }],
    ['an employee range', { 2: '51-200' }, { field: 'employeeCount', reason: 'employeeCount must be a whole number' }],
    ['an unknown country', { 3: 'Atlantis' }, { field: 'country', reason: 'country must be an ISO 3166-1 alpha-2 code' }],
    ['an unknown time zone', { 4: 'Mars/Olympus' }, { field: 'timeZone', reason: 'timeZone must be an IANA time zone' }],
    ['binary junk in a mapped cell', { 1: 'A\u0001\u0002' }, { field: 'firstName', reason: 'firstName: binary data (control character U+0001)' }],
    ['binary junk in an unmapped cell', { 7: '\u001B[31m' }, { field: 'column 8', reason: 'column 8: binary data (control character U+001B)' }],
    ['text that was not UTF-8', { 1: 'M\uFFFDller' }, { field: 'firstName', reason: 'firstName: text is not valid UTF-8' }],
  ];
  it.each(cases)('rejects %s, naming the line', (_name, change, expected) => {
    const cells = Array.isArray(change) ? change : row(change);
    const result = validateRow(cells, columns, 42);
    expect(result).toMatchObject({ ok: false, line: 42, ...(expected.field ? { field: expected.field } : {}) });
    if (!result.ok) expect(result.reason).toContain(expected.reason);
    if (!result.ok && !expected.field) expect(result.field).toBeUndefined();
  });
});

describe('escapeCsvFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+49 30 1234', "'+49 30 1234"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['\0x', "'\0x"],
    ['Ann', 'Ann'],
    ['', ''],
    ['a=b', 'a=b'],
  ])('escapes %j as %j', (value, escaped) => {
    expect(escapeCsvFormula(value)).toBe(escaped);
  });
});

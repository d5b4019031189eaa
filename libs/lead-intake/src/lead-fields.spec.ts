import { CANONICAL_FIELDS, canonicalFieldForHeader, FIELD_MAX_LENGTH, headerAliases, headerKey } from './lead-fields.js';

describe('canonicalFieldForHeader', () => {
  it.each([
    ['email', 'email'],
    ['E-mail', 'email'],
    ['Email Address', 'email'],
    ['EMAIL_ADDRESS', 'email'],
    ['\uFEFFemail', 'email'],
    ['First Name', 'firstName'],
    ['first_name', 'firstName'],
    ['firstName', 'firstName'],
    ['Last-Name', 'lastName'],
    ['Surname', 'lastName'],
    ['Job Title', 'title'],
    ['Company Name', 'company'],
    ['Organisation', 'company'],
    ['Employees', 'employeeCount'],
    ['# Employees', 'employeeCount'],
    ['Number of Employees', 'employeeCount'],
    ['Annual Revenue', 'revenueBand'],
    ['Country Code', 'country'],
    ['Time Zone', 'timeZone'],
    ['time_zone', 'timeZone'],
    ['LinkedIn URL', 'linkedinUrl'],
    ['Tech Stack', 'technologies'],
    ['  Notes  ', 'notes'],
  ])('maps %j to %s', (header, field) => {
    expect(canonicalFieldForHeader(header)).toBe(field);
  });

  it.each(['Name', 'Lead Source', 'Owner', '', '###'])('leaves %j unmapped', (header) => {
    expect(canonicalFieldForHeader(header)).toBeNull();
  });

  it('lists aliases for every canonical field', () => {
    expect(Object.keys(headerAliases).sort()).toEqual([...CANONICAL_FIELDS].sort());
  });

  it('ignores case, spaces, underscores and punctuation', () => {
    expect(headerKey(' E_Mail-Address ')).toBe('emailaddress');
  });

  it('limits notes to 10,000 characters and other fields to 1,000', () => {
    expect(FIELD_MAX_LENGTH.notes).toBe(10_000);
    expect(FIELD_MAX_LENGTH.title).toBe(1000);
  });
});

import { validateLeadRecord } from './lead-record.js';

describe('validateLeadRecord', () => {
  it('applies the CSV field rules to an object', () => {
    expect(
      validateLeadRecord({ email: ' Ann@Example.COM ', firstName: 'Ann', employeeCount: 120, country: 'germany', technologies: ['AWS', 'aws', 'HubSpot'] }),
    ).toEqual({ ok: true, lead: { email: 'ann@example.com', firstName: 'Ann', employeeCount: 120, country: 'DE', technologies: ['AWS', 'HubSpot'] } });
  });

  it('ignores unknown keys, null and undefined by default', () => {
    expect(validateLeadRecord({ email: 'a@example.com', externalId: 'p-1', title: null, city: undefined })).toEqual({ ok: true, lead: { email: 'a@example.com' } });
  });

  it('lists every problem', () => {
    const result = validateLeadRecord(
      { email: 'nope', employeeCount: -2, timeZone: 'Mars/Olympus', firstName: 42, technologies: [1], extra: 'x', ['__proto__']: 'y' },
      { rejectUnknown: true },
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: 'email', reason: 'email: missing @' },
        { field: 'employeeCount', reason: 'employeeCount must be a whole number of 0 or more (got "-2")' },
        { field: 'timeZone', reason: 'timeZone must be an IANA time zone such as Europe/Berlin (got "Mars/Olympus")' },
        { field: 'firstName', reason: 'firstName must be a string' },
        { field: 'technologies', reason: 'technologies must be a list of strings' },
        { field: 'extra', reason: 'unknown field' },
        { field: '__proto__', reason: 'unknown field' },
      ],
    });
  });

  it('reports an own __proto__ key (from JSON.parse) as unknown', () => {
    const body = JSON.parse('{"email":"a@example.com","__proto__":{"admin":true}}') as Record<string, unknown>;
    expect(validateLeadRecord(body, { rejectUnknown: true })).toEqual({ ok: false, problems: [{ field: '__proto__', reason: 'unknown field' }] });
  });

  it('requires an email', () => {
    expect(validateLeadRecord({ firstName: 'Ann' })).toEqual({ ok: false, problems: [{ field: 'email', reason: 'email is required' }] });
  });

  it('refuses binary junk and over-long values', () => {
    const result = validateLeadRecord({ email: 'a@example.com', title: 'CTO\u0007', notes: 'x'.repeat(10_001) });
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: 'title', reason: 'title: binary data (control character U+0007)' },
        { field: 'notes', reason: 'notes is 10001 characters long; the limit is 10000' },
      ],
    });
  });

  it('keeps line breaks as data (the email layer strips CR/LF from headers)', () => {
    expect(validateLeadRecord({ email: 'a@example.com', title: 'CTO\r\nBcc: x@evil.example' })).toMatchObject({ ok: true, lead: { title: 'CTO\r\nBcc: x@evil.example' } });
  });
});

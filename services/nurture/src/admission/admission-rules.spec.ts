import { displayName, emailDomainOf, formatAdmissionCursor, localDay, nurtureMemo, parseAdmissionCursor, sendingHoursPerDay } from './admission-rules.js';

const LEAD = '0190a5b0-0000-7000-8000-000000000001';

describe('localDay', () => {
  it('is the campaign-local date of the instant', () => {
    expect(localDay('2026-12-05T23:30:00Z', 'UTC')).toBe('2026-12-05');
    expect(localDay('2026-12-05T23:30:00Z', 'Europe/Madrid')).toBe('2026-12-06');
    expect(localDay('2026-12-05T03:00:00Z', 'America/Los_Angeles')).toBe('2026-12-04');
  });
});

describe('sendingHoursPerDay', () => {
  it('takes the shortest sending day, skipping days without a window', () => {
    expect(sendingHoursPerDay({ mon: { start: '09:00', end: '17:00' }, sat: { start: '10:00', end: '12:30' }, sun: null })).toBe(2.5);
    expect(sendingHoursPerDay({ mon: { start: '00:00', end: '24:00' } })).toBe(24);
    expect(sendingHoursPerDay({})).toBe(0);
  });
});

describe('admission cursor', () => {
  it('round-trips both phases', () => {
    for (const c of [{ phase: 'routes', after: null }, { phase: 'routes', after: LEAD }, { phase: 'admitted', after: null }, { phase: 'admitted', after: LEAD }] as const) {
      expect(parseAdmissionCursor(formatAdmissionCursor(c))).toEqual(c);
    }
    expect(parseAdmissionCursor(null)).toEqual({ phase: 'routes', after: null });
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'routes', 'admitted:x', 'other:' + LEAD, `routes:${LEAD}:1`, `routes:${LEAD.toUpperCase()}`]) expect(parseAdmissionCursor(bad)).toBeNull();
  });
});

describe('memo', () => {
  it('names the lead, its email domain, owner and pinned sequence', () => {
    expect(displayName({ firstName: ' Ana ', lastName: 'García', email: 'ana@acme.example' })).toBe('Ana García');
    expect(displayName({ firstName: null, lastName: '', email: 'ops@acme.example' })).toBe('ops');
    expect(emailDomainOf('Ana@ACME.example')).toBe('acme.example');
    expect(nurtureMemo({ displayName: 'Ana García', email: 'ana@acme.example', ownerId: 'alice', sequenceId: 'warm', sequenceVersion: 2 })).toEqual({
      displayName: 'Ana García',
      emailDomain: 'acme.example',
      owner: 'alice',
      sequence: 'warm v2',
    });
  });
});

import { businessDayKey } from './business-day.js';

describe('businessDayKey', () => {
  it('is the calendar day in the given zone, not in UTC', () => {
    const lateEvening = Date.parse('2025-01-06T23:30:00Z');
    expect(businessDayKey(lateEvening, 'UTC')).toBe('2025-01-06');
    expect(businessDayKey(lateEvening, 'Europe/Berlin')).toBe('2025-01-07');
    expect(businessDayKey(lateEvening, 'America/Los_Angeles')).toBe('2025-01-06');
  });

  it('follows daylight-saving changes', () => {
    // Berlin is UTC+2 in summer: 22:30 UTC is already the next day.
    expect(businessDayKey(Date.parse('2025-07-01T22:30:00Z'), 'Europe/Berlin')).toBe('2025-07-02');
    expect(businessDayKey(Date.parse('2025-07-01T21:30:00Z'), 'Europe/Berlin')).toBe('2025-07-01');
  });
});

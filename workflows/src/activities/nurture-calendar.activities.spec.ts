import { ApplicationFailure } from '@temporalio/common';
import { DEFAULT_SEND_WINDOW, type SendSlotRequest } from '#libs/contracts';
import { SEND_CALENDAR_FAILURE, createNurtureCalendarActivities } from './nurture-calendar.activities.js';

const request: SendSlotRequest = {
  calendar: { timeZone: 'Europe/Madrid', timeZoneSource: 'lead', country: 'ES', region: null, window: DEFAULT_SEND_WINDOW, blackoutDates: [], jitterSeconds: 0 },
  notBefore: '2026-12-05T10:00:00.000Z',
  jitterKey: 'enr-1/0',
};

describe('nurture calendar local activity', () => {
  test('answers the calendar’s slot', async () => {
    await expect(createNurtureCalendarActivities().nextSendSlot(request)).resolves.toEqual({ at: '2026-12-07T08:00:00.000Z', hold: 'Saturday' });
  });

  test.each([
    ['an unknown zone', { ...request, calendar: { ...request.calendar, timeZone: 'Mars/Olympus' } }],
    ['a window without sending days', { ...request, calendar: { ...request.calendar, window: {} } }],
    ['a malformed blackout date', { ...request, calendar: { ...request.calendar, blackoutDates: ['24/12/2026'] } }],
  ])('%s fails without retries, saying why', async (_name, bad) => {
    const failure = await createNurtureCalendarActivities()
      .nextSendSlot(bad)
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: SEND_CALENDAR_FAILURE, nonRetryable: true });
    expect((failure as Error).message.length).toBeGreaterThan(10);
  });
});

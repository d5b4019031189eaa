import { ApplicationFailure } from '@temporalio/common';
import type { NurtureCalendarActivities, SendSlot, SendSlotRequest } from '#libs/contracts';
import { nextSendSlot } from '#libs/send-calendar';

/** The failure type a workflow sees when a campaign's calendar cannot give any slot (bad zone, window, dates). */
export const SEND_CALENDAR_FAILURE = 'SendCalendarError';

/**
 * The send calendar as local activities of the workflow worker (docs/decisions/0016-send-calendar.md): the
 * computation reads holiday data and the tz database, which change with library and Node upgrades, so its result
 * is recorded in the history instead of recomputed on replay. A calendar that cannot give a slot fails without
 * retries: the same input would fail the same way, and a person has to fix the campaign's settings.
 */
export function createNurtureCalendarActivities(): NurtureCalendarActivities {
  return {
    async nextSendSlot(request: SendSlotRequest): Promise<SendSlot> {
      try {
        return nextSendSlot(request);
      } catch (err) {
        if (err instanceof RangeError || (err instanceof Error && err.name === 'NoSendingDayError')) {
          throw ApplicationFailure.create({ type: SEND_CALENDAR_FAILURE, message: err.message, nonRetryable: true });
        }
        throw err;
      }
    },
  };
}

export { nextSendSlot, NoSendingDayError, SEARCH_DAYS } from './next-send-slot.js';
export { resolveSendTimeZone, zoneOfPlace, type ResolvedSendTimeZone, type SendTimeZoneInput } from './send-time-zone.js';
export { validateSendWindow, validateBlackoutDates, MAX_BLACKOUT_DATES, type SendCalendarProblem } from './send-window.js';
export { holidayName } from './public-holidays.js';
export { canonicalTimeZone } from './zone-clock.js';
export { jitterHash } from './jitter.js';

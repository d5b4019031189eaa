/**
 * The send calendar's contract: what the workflow asks (libs/send-calendar computes it; the workflow worker runs it
 * as a local activity) and what it answers. Workflow-safe: types and constants only.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A local time range on one weekday, "HH:MM" 24 h, start < end. */
export interface SendWindowRange {
  start: string;
  end: string;
}

/** The campaign's send window per weekday; a day missing or null is not a sending day. */
export type WeeklySendWindow = Partial<Record<Weekday, SendWindowRange | null>>;

/** Monday to Friday, 09:00–17:00 local: the default window of a new campaign. */
export const DEFAULT_SEND_WINDOW: WeeklySendWindow = {
  mon: { start: '09:00', end: '17:00' },
  tue: { start: '09:00', end: '17:00' },
  wed: { start: '09:00', end: '17:00' },
  thu: { start: '09:00', end: '17:00' },
  fri: { start: '09:00', end: '17:00' },
};

/** Everything the calendar needs to know about one lead in one campaign. */
export interface SendCalendarSpec {
  /** Resolved IANA zone (lead's own, else its country's single zone, else the campaign's). */
  timeZone: string;
  timeZoneSource: 'lead' | 'country' | 'campaign';
  /** ISO 3166-1 alpha-2 of the lead, upper case; public holidays of this country apply. */
  country: string | null;
  /** ISO 3166-2 subdivision (e.g. "ES-MD"); its regional public holidays apply too. */
  region: string | null;
  window: WeeklySendWindow;
  /** Campaign blackout dates, local "YYYY-MM-DD". */
  blackoutDates: string[];
  /** Sends spread over this many seconds after the earliest allowed instant (deterministic per jitterKey). */
  jitterSeconds: number;
}

export interface SendSlotRequest {
  calendar: SendCalendarSpec;
  /** ISO instant: nothing before this (workflow time now, or a mailbox's next free slot). */
  notBefore: string;
  /** Cadence: at least `days` business days (lead's calendar) after the local date of `from`. */
  businessDaysAfter?: { from: string; days: number };
  /** Seeds the jitter, e.g. "<enrolmentId>/<step>", so a replayed computation lands on the same instant. */
  jitterKey: string;
}

export interface SendSlot {
  /** ISO instant of the send. */
  at: string;
  /** Why the send cannot happen at notBefore (the first rule that moved it), e.g. "Saturday",
   *  "holiday: Día de la Constitución (ES)", "outside 09:00–17:00 Europe/Madrid", "blackout date 2026-12-24",
   *  "cadence: 3 business days after step 1"; null when notBefore itself is allowed. */
  hold: string | null;
}

/** Local activities the workflow worker hosts (deterministic inputs, recorded results: a library upgrade with new
 *  holiday data never changes a recorded history). */
export interface NurtureCalendarActivities {
  nextSendSlot(request: SendSlotRequest): Promise<SendSlot>;
}

import { ApplicationFailure } from '@temporalio/common';
import {
  DEFAULT_CADENCE_DAYS,
  DEFAULT_SEND_WINDOW,
  type AdmitEnrolmentsInput,
  type AdmitEnrolmentsPage,
  type LeadNurtureInput,
  type NurtureProgress,
  type OptOutInput,
  type SendCalendarSpec,
  type SendSlot,
  type SendSlotRequest,
  type SendStepInput,
  type SendStepOutcome,
  type StepPlan,
  type StepPlanInput,
} from '#libs/contracts';

// Test stand-ins for the nurture service's activities and the send calendar, for workflow tests on the
// time-skipping server: what is under test is the workflow's loop, not the service (it has its own tests).

export const DAY = 86_400_000;
export const HOUR = 3_600_000;

const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const startOfDay = (ms: number) => Math.floor(ms / DAY) * DAY;

export const testCalendarSpec: SendCalendarSpec = {
  timeZone: 'UTC',
  timeZoneSource: 'campaign',
  country: 'ES',
  region: null,
  window: DEFAULT_SEND_WINDOW,
  blackoutDates: [],
  jitterSeconds: 0,
};

/** Why a UTC day is not a sending day in the test calendar, or null. */
export function offDay(ms: number, holidays: Record<string, string>): string | null {
  const weekday = new Date(ms).getUTCDay();
  if (weekday === 6) return 'Saturday';
  if (weekday === 0) return 'Sunday';
  const holiday = holidays[dateOf(ms)];
  return holiday ? `holiday: ${holiday}` : null;
}

/** Whole business days between two instants' UTC dates in the test calendar. */
export function businessDaysBetween(fromMs: number, toMs: number, holidays: Record<string, string> = {}): number {
  let n = 0;
  for (let day = startOfDay(fromMs) + DAY; day <= startOfDay(toMs); day += DAY) if (!offDay(day, holidays)) n++;
  return n;
}

/**
 * A small stand-in for libs/send-calendar, run as the workflow worker's local activity: UTC, Monday to Friday
 * 09:00–17:00, the given holidays (date → name), cadence in business days after the first send's date.
 */
export function testCalendar(holidays: Record<string, string> = {}, failures = 0) {
  const requests: SendSlotRequest[] = [];
  async function nextSendSlot(req: SendSlotRequest): Promise<SendSlot> {
    requests.push(req);
    // As the real wrapper answers a campaign whose settings give no slot: for good, no retry.
    if (requests.length <= failures) throw ApplicationFailure.create({ type: 'SendCalendarError', message: 'unknown time zone "Mars/Olympus"', nonRetryable: true });
    let t = Date.parse(req.notBefore);
    let hold: string | null = null;
    if (req.businessDaysAfter) {
      let day = startOfDay(Date.parse(req.businessDaysAfter.from));
      for (let n = 0; n < req.businessDaysAfter.days; ) {
        day += DAY;
        if (!offDay(day, holidays)) n++;
      }
      if (t < day) {
        t = day;
        hold = `cadence: ${req.businessDaysAfter.days} business days after the first send`;
      }
    }
    for (;;) {
      const off = offDay(t, holidays);
      const minute = (t - startOfDay(t)) / 60_000;
      if (off) {
        hold ??= off;
        t = startOfDay(t) + DAY;
      } else if (minute < 9 * 60) {
        hold ??= 'outside 09:00–17:00 UTC';
        t = startOfDay(t) + 9 * HOUR;
      } else if (minute >= 17 * 60) {
        hold ??= 'outside 09:00–17:00 UTC';
        t = startOfDay(t) + DAY;
      } else return { at: new Date(t).toISOString(), hold };
    }
  }
  return { requests, activities: { nextSendSlot } };
}

/** True when an instant is inside the test calendar's window on a sending day. */
export function insideWindow(ms: number, holidays: Record<string, string> = {}): boolean {
  const minute = (ms - startOfDay(ms)) / 60_000;
  return !offDay(ms, holidays) && minute >= 9 * 60 && minute < 17 * 60;
}

export type ScriptedOutcome = (input: SendStepInput) => SendStepOutcome;

export interface FakeNurtureOptions {
  totalSteps?: number;
  /** Scripted answers of sendStep per step, used in order; once a step's script is spent, the step is sent. */
  script?: Record<number, ScriptedOutcome[]>;
  /** admitEnrolments pages per campaign, in order. */
  admissions?: Record<string, LeadNurtureInput[]>;
  /** Runs inside recordProgress, e.g. to land a signal while the workflow waits on that activity. */
  onProgress?: (progress: NurtureProgress) => Promise<void>;
}

export const messageIdOf = (enrolmentId: string, step: number) => `<${enrolmentId}.${step}@mail.aicmo.test>`;

/** The nurture service's activities as the workflow sees them, keeping every call for assertions. */
export function fakeNurture(options: FakeNurtureOptions = {}) {
  const totalSteps = options.totalSteps ?? DEFAULT_CADENCE_DAYS.length;
  const script = Object.fromEntries(Object.entries(options.script ?? {}).map(([k, v]) => [k, [...v]]));
  const calls = {
    plans: [] as StepPlanInput[],
    sends: [] as SendStepInput[],
    sent: [] as SendStepInput[],
    progress: [] as NurtureProgress[],
    optOuts: [] as OptOutInput[],
    admissions: [] as AdmitEnrolmentsInput[],
  };
  const activities = {
    async planStep(input: StepPlanInput): Promise<StepPlan> {
      calls.plans.push(input);
      if (input.step >= totalSteps) return { kind: 'done', totalSteps };
      const businessDaysAfterFirst = DEFAULT_CADENCE_DAYS[input.step] ?? 7 * input.step;
      return { kind: 'send', step: input.step, totalSteps, businessDaysAfterFirst, calendar: testCalendarSpec };
    },
    async sendStep(input: SendStepInput): Promise<SendStepOutcome> {
      calls.sends.push(input);
      const scripted = script[input.step]?.shift();
      if (scripted) return scripted(input);
      calls.sent.push(input);
      return { kind: 'sent', step: input.step, variant: 'a', messageId: messageIdOf(input.enrolmentId, input.step), providerMessageId: `sg-${input.enrolmentId}-${input.step}`, at: input.scheduledFor };
    },
    async recordProgress(progress: NurtureProgress): Promise<void> {
      calls.progress.push(progress);
      await options.onProgress?.(progress);
    },
    async applyOptOut(input: OptOutInput): Promise<void> {
      calls.optOuts.push(input);
    },
    async admitEnrolments(input: AdmitEnrolmentsInput): Promise<AdmitEnrolmentsPage> {
      calls.admissions.push(input);
      const all = options.admissions?.[input.campaignId] ?? [];
      const from = input.after ? Number(input.after) : 0;
      const items = all.slice(from, from + input.limit);
      const next = from + input.limit < all.length ? String(from + input.limit) : null;
      return { items, next, counts: { admitted: items.length, queued: 7 } };
    },
  };
  return { calls, activities };
}

export function enrolmentInput(leadId: string, campaignId = 'acme-q3'): LeadNurtureInput {
  return {
    enrolmentId: `enr-${campaignId}-${leadId}`,
    campaignId,
    leadId,
    tier: 'hot',
    sequenceId: 'intro-5',
    sequenceVersion: 1,
    mailboxId: 'mbx-carmen',
    memo: { displayName: `Lead ${leadId}`, emailDomain: 'example.es', owner: 'carmen', sequence: 'intro-5 v1' },
  };
}

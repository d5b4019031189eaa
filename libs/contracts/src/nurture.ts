/**
 * Nurture: one `leadNurture` workflow per (lead, campaign) enrolment, the nurture service's activities on
 * `aicmo-nurture`, the send calendar's local activity on the workflow worker, and the signals and query the
 * engagement webhooks and the API use. Workflow-safe: types, signal/query definitions and pure helpers only.
 *
 * Internal HTTP routes of the nurture service (x-internal-token), which the API and other services call:
 *
 *   POST   /internal/suppressions/check              { emails }                     → { suppressed: string[] }
 *   GET    /internal/suppressions?after=&limit=      (the `/suppressions` shape qualification served)
 *   POST   /internal/suppressions                    { kind, value, reason }
 *   DELETE /internal/suppressions/:kind/:value
 *   GET|POST /internal/campaigns/:campaignId/sequences          GET|PUT /…/sequences/:sequenceId
 *   GET|POST /internal/campaigns/:campaignId/templates          GET|PUT /…/templates/:templateId
 *   GET|POST /internal/mailboxes                                GET|PUT /internal/mailboxes/:mailboxId
 *   GET|PUT  /internal/campaigns/:campaignId/nurture-settings   (window, blackouts, daily new-lead limit, …)
 *   POST   /internal/campaigns/:campaignId/nurture/{pause|resume|stop}
 *   GET    /internal/campaigns/:campaignId/nurture/summary      → NurtureCampaignSummary
 *   GET    /internal/campaigns/:campaignId/nurture/queue?after=&limit=   → queued leads with their position
 *   POST   /internal/campaigns/:campaignId/templates/:templateId/preview   { leadId, variant? }
 *   POST   /internal/campaigns/:campaignId/templates/:templateId/test-send { to, leadId? }
 *   GET    /internal/leads/:leadId/enrolments                   → enrolment rows of that lead
 *   POST   /unsubscribe/:token                                  public, RFC 8058 one-click (no login, no redirect)
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import { defineWorkflow } from './workflow-ref.js';
import type { Tier } from './stage-data.js';

// ---------------------------------------------------------------------------------------------------------------
// Send calendar (libs/send-calendar computes; the workflow worker runs it as a local activity)

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

// ---------------------------------------------------------------------------------------------------------------
// Sequences, enrolments and the workflow

/** Business days after the first send, one per step: the default cadence. */
export const DEFAULT_CADENCE_DAYS = [0, 3, 7, 14, 21] as const;

export const NURTURE_STATUSES = [
  'queued', // waiting for the campaign's daily capacity (nurture DB only; no workflow yet)
  'admitted', // admitted today; its workflow is being started
  'waiting', // timer until the next send
  'sending',
  'held', // a step cannot go out: missing template field, mailbox cap, … (reason says which)
  'paused', // campaign paused, or out of office until a date
  'completed', // every step sent
  'replied',
  'opted-out', // unsubscribe or spam report
  'bounced',
  'suppressed', // address on the global suppression list
  'stopped', // campaign stopped, or stopped by a person
] as const;
export type NurtureStatusName = (typeof NURTURE_STATUSES)[number];
export const TERMINAL_NURTURE_STATUSES: readonly NurtureStatusName[] = ['completed', 'replied', 'opted-out', 'bounced', 'suppressed', 'stopped'];

/** Shown in the Web UI's memo so a person can tell who the workflow is about without opening the API. */
export interface NurtureMemo {
  displayName: string;
  emailDomain: string;
  owner: string | null;
  sequence: string;
}

/** What the pipeline's nurture stage gets back for each admitted enrolment, and the workflow's input. */
export interface LeadNurtureInput {
  enrolmentId: string;
  campaignId: string;
  leadId: string;
  tier: Tier;
  sequenceId: string;
  sequenceVersion: number;
  mailboxId: string;
  memo: NurtureMemo;
  /** Set by continue-as-new; absent on the first run. */
  carried?: NurtureCarriedState;
}

export interface NurtureStepRecord {
  step: number;
  variant: string | null;
  status: 'sent' | 'unknown' | 'skipped';
  at: string;
  /** The RFC 5322 Message-ID we set (threading) and SendGrid's id, when known. */
  messageId?: string;
  providerMessageId?: string;
  reason?: string;
}

export interface NurtureCounts {
  sent: number;
  opens: number;
  clicks: number;
  replies: number;
  /** Times a send moved because of a mailbox cap or spacing. */
  deferrals: number;
  unknown: number;
  /** Soft bounces (the sequence goes on), and flagged machine opens and clicks, kept apart from people's. */
  softBounces?: number;
  machineOpens?: number;
  machineClicks?: number;
}

export interface NurtureDecision {
  at: string;
  what: string;
}

export interface NurtureCarriedState {
  /** Next step to send (0-based). */
  nextStep: number;
  steps: NurtureStepRecord[];
  counts: NurtureCounts;
  /** ISO instant of the first send: cadence days count from its local date. */
  firstSentAt: string | null;
  /** Message-ID of the first step: later steps thread under it. */
  threadMessageId: string | null;
  lastDecision: NurtureDecision | null;
  /** Out-of-office pause carried over. */
  pausedUntil: string | null;
  pauseReason: string | null;
  /** Campaign-level pause carried over. */
  campaignPaused: boolean;
  /** Engagement event ids already applied (bounded), so a re-delivered signal has no second effect. */
  seenEventIds: string[];
  /** Why the campaign was paused, and the sequence's length as last planned (for the status query). */
  campaignPauseReason?: string | null;
  /** A pause the sender found at send time (its signal was missed): looked at again at this instant. */
  campaignPauseRecheckAt?: string | null;
  totalSteps?: number;
}

/** The `status` query: what a person needs to know about one enrolment. */
export interface NurtureStatus {
  enrolmentId: string;
  campaignId: string;
  leadId: string;
  sequenceId: string;
  sequenceVersion: number;
  status: NurtureStatusName;
  /** Next step to send (0-based), and how many the sequence has. */
  currentStep: number;
  totalSteps: number;
  nextWakeAt: string | null;
  /** The rule that holds the next send ("Saturday", "mailbox cap: 50/24 h reached", …); null if none. */
  holdReason: string | null;
  lastDecision: NurtureDecision | null;
  counts: NurtureCounts;
  steps: NurtureStepRecord[];
}

export type LeadNurtureWorkflow = (input: LeadNurtureInput) => Promise<NurtureStatus>;
export const leadNurtureWorkflow = defineWorkflow<LeadNurtureWorkflow>('leadNurture');

/** Readable and deterministic: one enrolment per (campaign, lead), so concurrent triggers start exactly one. */
export function nurtureWorkflowId(campaignId: string, leadId: string): string {
  return `nurture/${campaignId}/${leadId}`;
}

export const nurtureStatusQuery = defineQuery<NurtureStatus>('status');

// Engagement signals: the engagement service delivers them; each carries the provider's event id for dedupe.
export interface EngagementSignal {
  /** Provider event id (or inbox id): applied once per workflow. */
  eventId: string;
  at: string;
  /** The step the event belongs to, when known (from custom_args). */
  step?: number;
  /** Flagged machine open or click (Apple MPP, link scanner): kept in counts apart, never a reply. */
  machine?: boolean;
  detail?: string;
}
export interface BounceSignal extends EngagementSignal {
  bounceType: 'hard' | 'soft';
}
export interface OutOfOfficeSignal extends EngagementSignal {
  /** ISO instant the lead is back; sends wait until then. */
  until: string;
  reason: string;
}
export const nurtureOpenedSignal = defineSignal<[EngagementSignal]>('opened');
export const nurtureClickedSignal = defineSignal<[EngagementSignal]>('clicked');
/** A reply stops the sequence. */
export const nurtureRepliedSignal = defineSignal<[EngagementSignal]>('replied');
/** A hard bounce stops the sequence and suppresses the address; a soft one is counted. */
export const nurtureBouncedSignal = defineSignal<[BounceSignal]>('bounced');
export const nurtureUnsubscribedSignal = defineSignal<[EngagementSignal]>('unsubscribed');
export const nurtureSpamReportedSignal = defineSignal<[EngagementSignal]>('spamReported');
export const nurtureOutOfOfficeSignal = defineSignal<[OutOfOfficeSignal]>('outOfOffice');

/** Campaign controls (API → nurture service → every enrolment of the campaign), and a person stopping one lead. */
export interface NurtureControl {
  action: 'pause' | 'resume' | 'stop';
  reason: string;
  by?: string;
}
export const nurtureControlSignal = defineSignal<[NurtureControl]>('control');

// ---------------------------------------------------------------------------------------------------------------
// Nurture service activities (task queue aicmo-nurture)

export interface AdmitEnrolmentsInput {
  campaignId: string;
  runId: string;
  /** At most this many per call; the stage calls again with the returned cursor until `next` is null. */
  limit: number;
  after: string | null;
  /** Workflow time, ISO: which day's capacity is used. */
  now: string;
}

export interface AdmitEnrolmentsPage {
  /** Admitted for today and not yet known to be started (a retry returns them again). */
  items: LeadNurtureInput[];
  next: string | null;
  /** e.g. { newlyQueued, admitted, queued, dailyLimit } */
  counts: Record<string, number>;
}

export interface StepPlanInput {
  enrolmentId: string;
  step: number;
  now: string;
  firstSentAt: string | null;
}

export type StepPlan =
  | {
      kind: 'send';
      step: number;
      totalSteps: number;
      /** Cadence offset in business days from the first send (0 for step 0). */
      businessDaysAfterFirst: number;
      calendar: SendCalendarSpec;
    }
  /** No step left: the sequence is done. */
  | { kind: 'done'; totalSteps: number }
  /** The enrolment cannot go on (campaign stopped, lead suppressed, sequence removed…). */
  | { kind: 'stop'; status: NurtureStatusName; reason: string };

export interface SendStepInput {
  enrolmentId: string;
  step: number;
  /** The instant the calendar chose (workflow time); the mailbox check runs from here. */
  scheduledFor: string;
  /** Thread under this Message-ID unless the step says otherwise. */
  threadMessageId: string | null;
}

export type SendStepOutcome =
  | { kind: 'sent'; step: number; variant: string | null; messageId: string; providerMessageId: string | null; at: string }
  /** Did not fit the mailbox's caps or spacing: try again at `retryAt` (the workflow re-runs the calendar from there). */
  | { kind: 'deferred'; retryAt: string; reason: string }
  /** The step cannot go out until a person acts (missing template field with no fallback, …). */
  | { kind: 'held'; reason: string; retryAt: string }
  /** The provider's answer for an in-flight claim was not definite: recorded `unknown` for a person; never re-sent. */
  | { kind: 'unknown'; step: number; variant: string | null; reason: string; messageId: string }
  /** Suppressed, campaign paused or stopped, enrolment stopped: decided inside the claim's transaction. */
  | { kind: 'refused'; status: NurtureStatusName; reason: string };

export interface NurtureProgress {
  enrolmentId: string;
  status: NurtureStatusName;
  currentStep: number;
  nextSendAt: string | null;
  holdReason: string | null;
  lastDecision: string | null;
  at: string;
}

export interface OptOutInput {
  enrolmentId: string;
  kind: 'unsubscribe' | 'bounce' | 'spamreport';
  eventId: string;
  at: string;
}

export interface NurtureActivities {
  /** The pipeline's nurture stage: queue newly routed leads, admit today's share by capacity (score, tier order). */
  admitEnrolments(input: AdmitEnrolmentsInput): Promise<AdmitEnrolmentsPage>;
  /** The next step of an enrolment and the lead's calendar, read fresh (settings may have changed). */
  planStep(input: StepPlanInput): Promise<StepPlan>;
  /** Exactly-once send: suppression check + ledger claim + mailbox slot in one transaction, then SendGrid. */
  sendStep(input: SendStepInput): Promise<SendStepOutcome>;
  /** Keeps the enrolment row (API summary, queue) in step with the workflow. */
  recordProgress(input: NurtureProgress): Promise<void>;
  /** Hard bounce, unsubscribe or spam report: suppress the address globally and stop its other enrolments. */
  applyOptOut(input: OptOutInput): Promise<void>;
}

/** The API's campaign view: enrolments by status and by step, and the capacity that paces admission. */
export interface NurtureCampaignSummary {
  campaignId: string;
  state: 'active' | 'paused' | 'stopped';
  byStatus: Partial<Record<NurtureStatusName, number>>;
  byStep: Record<string, number>;
  dailyNewLeadLimit: number;
  admittedToday: number;
  queued: number;
}

// ---------------------------------------------------------------------------------------------------------------
// What people define (API bodies, internal routes, demo seed). The nurture service validates and versions them.

export interface SequenceVariant {
  /** "a", "b", …: the ledger key and stats name it. */
  id: string;
  templateId: string;
  /** Relative weight of the A/B split (≥ 1). */
  weight: number;
}

export interface SequenceStep {
  /** Business days after the first send (0 for the first step); defaults follow DEFAULT_CADENCE_DAYS. */
  businessDays: number;
  variants: SequenceVariant[];
  /** Start a new thread (own subject, no In-Reply-To) instead of replying under the first step. */
  newThread?: boolean;
}

export interface SequenceDefinition {
  id: string;
  name: string;
  steps: SequenceStep[];
}

export interface StoredSequence extends SequenceDefinition {
  campaignId: string;
  version: number;
  createdAt: string;
}

export interface TemplateDefinition {
  id: string;
  /** Handlebars (strict mode), e.g. "Quick question, {{firstName}}". */
  subject: string;
  html: string;
  /** Derived from the HTML when absent. */
  text?: string | null;
  /** Used when the lead lacks the field; a field used without a fallback holds that lead's step. */
  fallbacks?: Record<string, string>;
}

export interface StoredTemplate extends TemplateDefinition {
  campaignId: string;
  version: number;
  createdAt: string;
}

export interface MailboxWarmup {
  /** Local date "YYYY-MM-DD" the ramp starts. */
  startedOn: string;
  startCap: number;
  dailyIncrease: number;
}

export interface MailboxDefinition {
  id: string;
  address: string;
  displayName: string;
  /** Routing owner id whose leads this mailbox sends for. */
  ownerId?: string | null;
  dailyCap: number;
  hourlyCap: number;
  minSpacingSeconds?: number;
  warmup?: MailboxWarmup | null;
  active?: boolean;
  /** Campaigns that rotate through this mailbox, with weights. */
  campaigns?: Array<{ campaignId: string; weight: number }>;
}

export interface NurtureSettings {
  campaignId: string;
  timeZone: string;
  window: WeeklySendWindow;
  blackoutDates: string[];
  jitterSeconds: number;
  /** Override of the derived daily new-lead limit; null to derive it from caps and cadence. */
  dailyNewLeadLimit: number | null;
  /** CAN-SPAM: printed in both parts of every send. */
  postalAddress: string | null;
  /** Optional mailto: in List-Unsubscribe beside the https URL. */
  unsubscribeMailto: string | null;
}

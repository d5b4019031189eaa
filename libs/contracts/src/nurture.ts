/**
 * Nurture: one `leadNurture` workflow per (lead, campaign) enrolment, the nurture service's activities on
 * `aicmo-nurture`, and the signals and query the engagement webhooks and the API use (the send calendar's contract
 * is in send-calendar.ts, what people define in nurture-definitions.ts). Workflow-safe: types, signal/query
 * definitions and pure helpers only.
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
 *   POST   /internal/mailboxes/:mailboxId/{pause|resume}        a person holds or releases every send of a mailbox
 *   (and the routes engagement calls: enrolments/resolve, replies/match, opt-outs, account-replies,
 *    mailboxes/:mailboxId/auto-pause, leads/:leadId/sends; see engagement.ts)
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
import type { SendCalendarSpec } from './send-calendar.js';
import type { PausedMailbox } from './nurture-definitions.js';

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
  /** The campaign's mailboxes (its rotation and its leads' owners') that hold their sends, and why. */
  pausedMailboxes: PausedMailbox[];
}

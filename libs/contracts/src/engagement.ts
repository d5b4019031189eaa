/**
 * Engagement: SendGrid's Event Webhook and Inbound Parse replies, written to the engagement service's inbox
 * (schema `engagement`) and drained after commit to each lead's `leadNurture` workflow (signals in nurture.ts), to
 * the suppression list, to scoring and to routing. Workflow-safe: types and constants only.
 *
 * Public routes of the engagement service. They skip the internal token because each has its own credential:
 *
 *   POST /webhooks/sendgrid/events    Event Webhook: JSON array; ECDSA signature over timestamp + raw body
 *                                     (X-Twilio-Email-Event-Webhook-Signature / -Timestamp); body ≤ 4 MiB
 *   POST /webhooks/sendgrid/inbound   Inbound Parse: multipart/form-data; HTTP basic auth with the parse secret
 *                                     (https://parse:<secret>@host/webhooks/sendgrid/inbound); 5xx on temporary errors
 *
 * Internal routes of the engagement service (x-internal-token):
 *
 *   GET  /internal/leads/:leadId/engagement?campaignId=   → { items: LeadEngagementEvent[] }  (oldest first)
 *   GET  /internal/leads/:leadId/replies?campaignId=      → { items: LeadReply[] }            (oldest first)
 *   GET  /internal/parked?source=&after=&limit=           → { items: ParkedItem[], next }     (for a person)
 *   GET  /internal/mailboxes/health                       → { items: MailboxHealth[] }
 *   GET  /internal/inbox/stats                            → InboxStats
 *
 * Nurture's internal routes that engagement calls (x-internal-token):
 *
 *   POST /internal/enrolments/resolve            { enrolmentIds }                → { items: EnrolmentRef[] }
 *   POST /internal/replies/match                 ReplyMatchRequest               → ReplyMatch
 *   POST /internal/opt-outs                      OptOutRequest                   → OptOutResult
 *   POST /internal/account-replies               AccountReplyRequest             → AccountReplyResult
 *   POST /internal/mailboxes/:mailboxId/auto-pause  MailboxAutoPauseRequest      → { paused: boolean }
 *   GET  /internal/leads/:leadId/sends?campaignId=                               → { items: LeadSend[] }
 *
 * Scoring's (existing) `POST /internal/engagement-events` takes opens, clicks and replies; it now rescores the lead
 * at once and records a tier change with its reason. Routing's `POST /internal/account-replies` feeds its guardrail.
 */
import type { NurtureStatusName } from './nurture.js';

/** The event types SendGrid's Event Webhook posts (delivery and engagement). */
export const SENDGRID_EVENT_TYPES = [
  'processed',
  'delivered',
  'deferred',
  'open',
  'click',
  'bounce',
  'dropped',
  'spamreport',
  'unsubscribe',
  'group_unsubscribe',
] as const;
export type SendGridEventType = (typeof SENDGRID_EVENT_TYPES)[number];

/** What the inbox holds: SendGrid's events and the replies that came through Inbound Parse. */
export const ENGAGEMENT_EVENT_KINDS = [...SENDGRID_EVENT_TYPES, 'reply', 'out_of_office', 'auto_reply'] as const;
export type EngagementEventKind = (typeof ENGAGEMENT_EVENT_KINDS)[number];

/** The `custom_args` nurture puts on every send; SendGrid echoes them as top-level fields of each event. */
export const SEND_CUSTOM_ARGS = ['ledger_key', 'enrolment_id', 'step', 'campaign_id'] as const;

export const ENGAGEMENT_WEBHOOK_PATHS = {
  events: '/webhooks/sendgrid/events',
  inbound: '/webhooks/sendgrid/inbound',
} as const;

/**
 * An inbox row's life: `pending` until the signaller has applied every effect, `applied` after, `parked` when it
 * cannot be tied to an enrolment nurture issued (kept for a person, never dropped).
 */
export const INBOX_STATES = ['pending', 'applied', 'parked'] as const;
export type InboxState = (typeof INBOX_STATES)[number];

/** A reply's class, shown on the lead. Auto-replies other than out-of-office are `other` and are not replies. */
export const REPLY_CLASSES = ['interested', 'not_interested', 'out_of_office', 'unsubscribe_request', 'other'] as const;
export type ReplyClass = (typeof REPLY_CLASSES)[number];

/** Sends wait this long after an out-of-office reply whose text names no return date (configurable). */
export const DEFAULT_OUT_OF_OFFICE_DAYS = 7;

/** Mailbox auto-pause: rates over the last `windowDays` once the mailbox has `minDeliveries` (all configurable). */
export interface MailboxHealthThresholds {
  windowDays: number;
  minDeliveries: number;
  maxBounceRate: number;
  maxSpamRate: number;
}
export const DEFAULT_MAILBOX_HEALTH: MailboxHealthThresholds = { windowDays: 7, minDeliveries: 100, maxBounceRate: 0.03, maxSpamRate: 0.001 };

// ---------------------------------------------------------------------------------------------------------------
// Nurture's answers to engagement

/** What engagement needs to know about an enrolment nurture issued. */
export interface EnrolmentRef {
  enrolmentId: string;
  campaignId: string;
  leadId: string;
  /** Lower-case address the sequence mails. */
  email: string;
  mailboxId: string | null;
  mailboxAddress: string | null;
  /** Routed owner, and the address that hears about replies (owner's mailbox, else the sending mailbox). */
  owner: string | null;
  ownerEmail: string | null;
  /** `nurture/<campaign>/<lead>` */
  workflowId: string;
  status: NurtureStatusName;
}

export interface ReplyMatchRequest {
  /** Tokens from `reply+<token>@…` in To/Cc/Delivered-To. */
  replyTokens: string[];
  /** Message-IDs from In-Reply-To and References. */
  messageIds: string[];
}
export interface ReplyMatch {
  enrolment: EnrolmentRef | null;
  matchedBy: 'reply-token' | 'message-id' | null;
  /** The step whose Message-ID matched, when matched by Message-ID. */
  step: number | null;
}

export type OptOutKind = 'unsubscribe' | 'bounce' | 'spamreport';
export interface OptOutRequest {
  email: string;
  kind: OptOutKind;
  /** Inbox id, for the suppression's audit and dedupe. */
  eventId: string;
  at: string;
  /** The enrolment the event belongs to, when known. */
  enrolmentId: string | null;
  detail?: string;
}
export interface OptOutResult {
  /** False when the address was already suppressed. */
  suppressed: boolean;
  /** Open enrolments of the address ended (their workflows signalled). */
  stopped: number;
}

/** A lead replied: nurture stops colleagues' sequences at the same company domain when the campaign says so. */
export interface AccountReplyRequest {
  campaignId: string;
  leadId: string;
  email: string;
  eventId: string;
  at: string;
}
export interface AccountReplyResult {
  /** Null for a free-mail or unknown domain (never used to stop anyone). */
  companyDomain: string | null;
  /** The campaign's setting that decided. */
  policy: ColleagueStopPolicy;
  stopped: number;
}
/** Per campaign: on a reply, stop colleagues' sequences in this campaign, in every campaign, or none. */
export const COLLEAGUE_STOP_POLICIES = ['none', 'campaign', 'all-campaigns'] as const;
export type ColleagueStopPolicy = (typeof COLLEAGUE_STOP_POLICIES)[number];

export interface MailboxAutoPauseRequest {
  reason: string;
  at: string;
  health: MailboxHealth;
}

/** A send as the journey shows it (from nurture's ledger). */
export interface LeadSend {
  ledgerKey: string;
  enrolmentId: string;
  campaignId: string;
  step: number;
  variant: string | null;
  subject: string | null;
  status: string;
  messageId: string | null;
  providerMessageId: string | null;
  mailboxAddress: string | null;
  at: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Engagement's answers

export interface LeadEngagementEvent {
  id: string;
  kind: EngagementEventKind;
  at: string;
  receivedAt: string;
  campaignId: string | null;
  enrolmentId: string | null;
  step: number | null;
  /** Apple MPP or a scanner: kept, left out of scores and stats. */
  machine: boolean;
  machineReason: string | null;
  /** Clicked URL, bounce reason, reply class… */
  detail: string | null;
  state: InboxState;
}

export interface LeadReply {
  id: string;
  at: string;
  campaignId: string | null;
  enrolmentId: string | null;
  step: number | null;
  from: string;
  subject: string;
  /** The reply without its quoted history and signature. */
  text: string;
  replyClass: ReplyClass;
  autoReply: boolean;
  outOfOfficeUntil: string | null;
  matchedBy: 'reply-token' | 'message-id' | null;
  ownerNotifiedAt: string | null;
}

export interface ParkedItem {
  id: string;
  source: 'event-webhook' | 'inbound-parse';
  kind: EngagementEventKind;
  receivedAt: string;
  reason: string;
  email: string | null;
  summary: string;
}

export interface MailboxHealth {
  mailboxId: string;
  windowDays: number;
  deliveries: number;
  bounces: number;
  spamReports: number;
  bounceRate: number;
  spamRate: number;
  /** Why it should pause ("bounces 3.4% ≥ 3% over 7 days (5 of 146 deliveries)"), or null. */
  pauseReason: string | null;
}

export interface InboxStats {
  pending: number;
  parked: number;
  applied: number;
  oldestPendingAgeSeconds: number | null;
}

/** One line of `GET /leads/:id/journey`: sends, engagement and replies in time order. */
export type JourneyEntry =
  | ({ type: 'send' } & LeadSend)
  | ({ type: 'engagement' } & LeadEngagementEvent)
  | ({ type: 'reply' } & LeadReply);

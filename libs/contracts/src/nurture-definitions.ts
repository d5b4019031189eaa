/**
 * What people define for nurture (API bodies, the nurture service's internal routes, the demo seed). The nurture
 * service validates and versions them. Workflow-safe: types only.
 */
import type { WeeklySendWindow } from './send-calendar.js';
import type { ColleagueStopPolicy } from './engagement.js';
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
  /** On a reply, stop colleagues' sequences (same company domain) in this campaign, in all campaigns, or none. Default 'campaign'. */
  colleagueStop?: ColleagueStopPolicy;
}

/** A mailbox's pause: set by engagement on bounce or spam rates ('auto') or by a person; it holds every send from it. */
export interface MailboxPause {
  pausedAt: string | null;
  pausedReason: string | null;
  /** 'auto', or who paused it. */
  pausedBy: string | null;
}

/** A paused mailbox as the campaign summary lists it, with the reason. */
export interface PausedMailbox {
  mailboxId: string;
  address: string;
  pausedAt: string;
  reason: string | null;
  by: string | null;
}

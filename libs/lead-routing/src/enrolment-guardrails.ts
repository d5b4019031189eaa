/**
 * Enrolment guardrails, as Apollo and Outreach have them: a lead is not enrolled when its stage is
 * do-not-contact, a colleague at the same account already replied, it is active in another sequence, or the
 * owner's or campaign's enrolments for the business day are used up. Every reason that applies is reported.
 */
import type { RoutingGuardrails } from './routing-rule-set.js';
import { matchKey } from './territory-match.js';

export type GuardrailCode =
  | 'do-not-contact-stage'
  | 'colleague-replied'
  | 'active-in-other-sequence'
  | 'already-enrolled'
  | 'owner-daily-cap'
  | 'campaign-daily-cap';

export interface GuardrailReason {
  code: GuardrailCode;
  message: string;
}

/**
 * `blocked`: never enrol. `review`: a person decides. `skipped`: not now; a later run may enrol it (the lead
 * waits, like Outreach's Pending).
 */
export type GuardrailOutcome = 'blocked' | 'review' | 'skipped';

export type GuardrailDecision = { allowed: true } | { allowed: false; outcome: GuardrailOutcome; reasons: GuardrailReason[] };

/** What the routing service knows about the lead; counts are for the caller's business day. */
export interface GuardrailFacts {
  /** The sequence the lead would join; being active in this same one is "already enrolled". */
  sequenceId?: string | null;
  /** The lead's stage (lifecycle or CRM stage). */
  stage?: string | null;
  /** A sequence the lead is active in right now, in any campaign. */
  activeInOtherSequence?: string | null;
  /** Latest reply from someone else at the same account (company domain), epoch ms. */
  colleagueRepliedAt?: number | null;
  /** Epoch ms; needed only with guardrails.colleagueReplyWindowDays. */
  now?: number;
  /** Enrolments the lead's owner already has today; the owner cap is checked only when given. */
  ownerEnrolledToday?: number;
  /** Enrolments the campaign already has today; the campaign cap is checked only when given. */
  campaignEnrolledToday?: number;
}

const DAY_MS = 86_400_000;
const ALLOWED: GuardrailDecision = Object.freeze({ allowed: true });
// A permanent "no" outranks "ask a person", which outranks "not today".
const SEVERITY: Record<GuardrailOutcome, number> = { skipped: 1, review: 2, blocked: 3 };

const stageSets = new WeakMap<readonly string[], ReadonlySet<string>>();

export function checkGuardrails(guardrails: RoutingGuardrails, facts: GuardrailFacts): GuardrailDecision {
  let outcome: GuardrailOutcome | undefined;
  let reasons: GuardrailReason[] | undefined;
  const refuse = (as: GuardrailOutcome, code: GuardrailCode, message: string) => {
    if (outcome === undefined || SEVERITY[as] > SEVERITY[outcome]) outcome = as;
    (reasons ??= []).push({ code, message });
  };

  if (typeof facts.stage === 'string' && doNotContact(guardrails).has(matchKey(facts.stage))) {
    refuse('blocked', 'do-not-contact-stage', `stage "${facts.stage}" is in the do-not-contact set`);
  }

  if (typeof facts.colleagueRepliedAt === 'number' && replyCounts(guardrails, facts.colleagueRepliedAt, facts.now)) {
    refuse(
      guardrails.colleagueReplied === 'block' ? 'blocked' : 'review',
      'colleague-replied',
      `a colleague at the same account replied at ${isoTime(facts.colleagueRepliedAt)}`,
    );
  }

  const other = facts.activeInOtherSequence;
  if (typeof other === 'string' && other !== '') {
    if (other === facts.sequenceId) {
      refuse('skipped', 'already-enrolled', `already active in this sequence (${other})`);
    } else {
      refuse(guardrails.activeInOtherSequence === 'block' ? 'blocked' : 'skipped', 'active-in-other-sequence', `already active in sequence ${other}`);
    }
  }

  const ownerCap = guardrails.perOwnerDailyCap;
  if (ownerCap !== undefined && facts.ownerEnrolledToday !== undefined && facts.ownerEnrolledToday >= ownerCap) {
    refuse('skipped', 'owner-daily-cap', `the owner's enrolments for today are used up (${facts.ownerEnrolledToday}/${ownerCap})`);
  }

  const campaignCap = guardrails.perCampaignDailyCap;
  if (campaignCap !== undefined && facts.campaignEnrolledToday !== undefined && facts.campaignEnrolledToday >= campaignCap) {
    refuse('skipped', 'campaign-daily-cap', `the campaign's enrolments for today are used up (${facts.campaignEnrolledToday}/${campaignCap})`);
  }

  return outcome === undefined ? ALLOWED : { allowed: false, outcome, reasons: reasons! };
}

function doNotContact(guardrails: RoutingGuardrails): ReadonlySet<string> {
  let set = stageSets.get(guardrails.doNotContactStages);
  if (!set) {
    set = new Set(guardrails.doNotContactStages.map(matchKey));
    stageSets.set(guardrails.doNotContactStages, set);
  }
  return set;
}

/**
 * Without a window every colleague reply counts. With one, a reply counts while it is younger than the window;
 * without `now` we cannot tell, so it counts (the safe side: a lead is held back rather than mailed).
 */
function replyCounts(guardrails: RoutingGuardrails, repliedAt: number, now: number | undefined): boolean {
  const days = guardrails.colleagueReplyWindowDays;
  if (days === undefined || now === undefined) return true;
  return now - repliedAt < days * DAY_MS;
}

function isoTime(epochMs: number): string {
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? String(epochMs) : date.toISOString();
}

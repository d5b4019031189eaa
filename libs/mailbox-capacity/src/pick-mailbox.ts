/**
 * Which mailbox a lead's whole sequence goes out from. The routed owner's own mailbox when there is one (replies
 * land with the person who owns the lead), else one of the campaign's mailboxes in proportion to its weight.
 *
 * The rotation is weighted rendezvous hashing: every mailbox scores the lead's key, score = −ln(u) / weight with u
 * a stable hash of (key, mailbox) in (0, 1), and the lowest score wins. Each mailbox wins with probability
 * weight / Σ weights (the minimum of exponentials), the answer is the same for a key whatever order the mailboxes
 * are listed in, and adding or removing a mailbox only moves the keys that mailbox gains or loses. A lead keeps the
 * mailbox it was given (the enrolment stores it); the hash only has to be stable while that choice is made.
 *
 * Pure and workflow-safe.
 */
import { unitHash } from './stable-hash.js';

export interface OwnerMailbox {
  id: string;
  ownerId?: string | null;
  active?: boolean;
}

export interface CampaignMailbox {
  id: string;
  /** Relative share of the campaign's leads (> 0). */
  weight: number;
  active?: boolean;
}

export interface PickMailboxInput {
  /** The lead's routed owner, if routing named one. */
  ownerId: string | null | undefined;
  /** Mailboxes that belong to owners (others are ignored). */
  ownerMailboxes: readonly OwnerMailbox[];
  campaignMailboxes: readonly CampaignMailbox[];
  /** Stable per lead and campaign, e.g. "<campaignId>/<leadId>". */
  key: string;
}

export interface MailboxPick {
  mailboxId: string | null;
  /** "owner" when the owner's mailbox was taken, "rotation" for the campaign's, null when there is none. */
  via: 'owner' | 'rotation' | null;
}

/** The mailbox id, or null when neither the owner nor the campaign has an active mailbox. */
export function pickMailbox(input: PickMailboxInput): string | null {
  return explainMailboxPick(input).mailboxId;
}

export function explainMailboxPick(input: PickMailboxInput): MailboxPick {
  if (input.ownerId) {
    const own = input.ownerMailboxes.filter((m) => m.ownerId === input.ownerId && m.active !== false);
    const chosen = rendezvous(own.map((m) => ({ id: m.id, weight: 1 })), input.key);
    if (chosen !== null) return { mailboxId: chosen, via: 'owner' };
  }
  const chosen = rendezvous(input.campaignMailboxes.filter((m) => m.active !== false), input.key);
  return chosen === null ? { mailboxId: null, via: null } : { mailboxId: chosen, via: 'rotation' };
}

/** Weighted rendezvous choice among entries with a positive finite weight; null when there are none. */
export function rendezvous(entries: ReadonlyArray<{ id: string; weight: number }>, key: string): string | null {
  let best: string | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const e of entries) {
    if (!(e.weight > 0) || !Number.isFinite(e.weight)) continue;
    const score = -Math.log(unitHash(`${key}\u0000${e.id}`)) / e.weight;
    // Equal scores are (nearly) impossible; the smaller id wins so the answer never depends on list order.
    if (score < bestScore || (score === bestScore && best !== null && e.id < best)) {
      best = e.id;
      bestScore = score;
    }
  }
  return best;
}

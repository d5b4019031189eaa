import type { OptOutKind } from '#libs/contracts';

/** The parts of an inbox row the opt-out rule reads. */
export interface OptOutEvidence {
  kind: string;
  bounceType: 'hard' | 'soft' | null;
  /** Bounce or drop reason as SendGrid gave it. */
  detail: string | null;
}

export interface OptOutDecision {
  kind: OptOutKind;
  /** Why, as the suppression's audit shows it. */
  detail: string;
}

/**
 * SendGrid drops a message to an address already on one of its own suppression lists and names the list in the
 * reason ("Bounced Address", "Unsubscribed Address", "Spam Reporting Address"). That is the same opt-out arriving
 * again, so it suppresses here too; any other drop reason (invalid header, quota, spam content) says nothing about
 * the person and does not.
 */
const DROP_REASONS: ReadonlyArray<[RegExp, OptOutKind]> = [
  [/\bbounced?\b/i, 'bounce'],
  [/\bunsubscribed?\b/i, 'unsubscribe'],
  [/\bspam ?report/i, 'spamreport'],
];

/**
 * Which inbox rows take an address off every list: a hard bounce, a spam report, an unsubscribe (global or from a
 * group: the lead asked for no more of our mail) and a drop because SendGrid already holds the address as one of
 * those. A soft bounce is temporary (full mailbox, greylisting) and never suppresses.
 */
export function optOutOf(row: OptOutEvidence): OptOutDecision | null {
  switch (row.kind) {
    case 'bounce':
      return row.bounceType === 'hard' ? { kind: 'bounce', detail: withReason('hard bounce', row.detail) } : null;
    case 'spamreport':
      return { kind: 'spamreport', detail: 'spam report' };
    case 'unsubscribe':
      return { kind: 'unsubscribe', detail: 'unsubscribe' };
    case 'group_unsubscribe':
      return { kind: 'unsubscribe', detail: 'group unsubscribe' };
    case 'dropped': {
      const reason = row.detail ?? '';
      const match = DROP_REASONS.find(([pattern]) => pattern.test(reason));
      return match ? { kind: match[1], detail: withReason('dropped', reason) } : null;
    }
    default:
      return null;
  }
}

function withReason(what: string, reason: string | null): string {
  const text = reason?.trim().slice(0, 200);
  return text ? `${what}: ${text}` : what;
}

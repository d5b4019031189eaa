import type { MailboxDefinition, MailboxWarmup } from '#libs/contracts';

/** The limits one sending mailbox keeps across every campaign that sends through it. */
export interface MailboxCaps {
  /** Sends in any rolling 24 hours once warmed up; 0 means the mailbox never sends. */
  dailyCap: number;
  /** Sends in any rolling hour; 0 means the mailbox never sends. */
  hourlyCap: number;
  /** Minimum gap between two sends; 0 for none. */
  minSpacingSeconds: number;
  /** The ramp a new mailbox follows before it reaches dailyCap; null when it is warmed up. */
  warmup: MailboxWarmup | null;
}

/** The caps of a stored or posted mailbox (missing spacing and warm-up read as none). */
export function mailboxCaps(mailbox: Pick<MailboxDefinition, 'dailyCap' | 'hourlyCap' | 'minSpacingSeconds' | 'warmup'>): MailboxCaps {
  return {
    dailyCap: mailbox.dailyCap,
    hourlyCap: mailbox.hourlyCap,
    minSpacingSeconds: mailbox.minSpacingSeconds ?? 0,
    warmup: mailbox.warmup ?? null,
  };
}

/**
 * Refuses caps that are not whole numbers ≥ 0 (a NaN cap would compare as "always fits"). Stored mailboxes are
 * checked by the database; this guards callers that build caps by hand.
 */
export function checkCaps(caps: MailboxCaps): void {
  const wholes: Array<[string, unknown]> = [
    ['dailyCap', caps.dailyCap],
    ['hourlyCap', caps.hourlyCap],
    ['minSpacingSeconds', caps.minSpacingSeconds],
  ];
  if (caps.warmup) wholes.push(['warmup.startCap', caps.warmup.startCap], ['warmup.dailyIncrease', caps.warmup.dailyIncrease]);
  const bad = wholes.filter(([, v]) => typeof v !== 'number' || !Number.isFinite(v) || v < 0).map(([k, v]) => `${k} ${String(v)}`);
  if (bad.length > 0) throw new RangeError(`mailbox caps must be numbers ≥ 0: ${bad.join(', ')}`);
}

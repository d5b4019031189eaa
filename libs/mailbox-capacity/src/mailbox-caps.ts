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

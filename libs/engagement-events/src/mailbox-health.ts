import type { MailboxHealth, MailboxHealthThresholds } from '#libs/contracts';

export interface MailboxEventCounts {
  deliveries: number;
  bounces: number;
  spamReports: number;
}

/**
 * A mailbox's health over the window: the rates (shown whenever it delivered anything) and, once it has at least
 * `minDeliveries`, why it should pause: bounces ≥ `maxBounceRate` or spam reports ≥ `maxSpamRate` (both boundaries
 * inclusive). Rates are plain divisions, so a count exactly at a decimal threshold (3 of 100 at 3%) pauses.
 */
export function mailboxHealth(counts: MailboxEventCounts, t: MailboxHealthThresholds, mailboxId: string): MailboxHealth {
  const { deliveries, bounces, spamReports } = counts;
  const bounceRate = deliveries > 0 ? bounces / deliveries : 0;
  const spamRate = deliveries > 0 ? spamReports / deliveries : 0;
  const reasons: string[] = [];
  if (deliveries >= t.minDeliveries) {
    const over = `over ${t.windowDays} ${t.windowDays === 1 ? 'day' : 'days'}`;
    if (bounceRate >= t.maxBounceRate) reasons.push(`bounces ${percent(bounceRate)} ≥ ${percent(t.maxBounceRate)} ${over} (${bounces} of ${deliveries} deliveries)`);
    if (spamRate >= t.maxSpamRate) reasons.push(`spam reports ${percent(spamRate)} ≥ ${percent(t.maxSpamRate)} ${over} (${spamReports} of ${deliveries} deliveries)`);
  }
  return { mailboxId, windowDays: t.windowDays, deliveries, bounces, spamReports, bounceRate, spamRate, pauseReason: reasons.length ? reasons.join('; ') : null };
}

/** 0.0342 → "3.4%", 0.03 → "3%", 0.001 → "0.1%", 0.000686 → "0.069%": one decimal from 1%, two significant digits below. */
export function percent(rate: number): string {
  const p = rate * 100;
  const text = p >= 1 ? p.toFixed(1) : p === 0 ? '0' : p.toPrecision(2);
  return `${String(Number(text))}%`;
}

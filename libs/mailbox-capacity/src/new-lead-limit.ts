/**
 * How many new leads a campaign may start per day so its mailboxes keep up with every step of every lead.
 *
 * Steady state: a lead admitted on day d sends step k on day d + offset(k). Once the campaign has run longer than
 * its longest cadence, every sending day carries step k for the leads admitted offset(k) days earlier, for every k.
 * Admitting L leads a day therefore costs L × steps sends a day, whatever the offsets are, and must fit the
 * mailboxes' daily throughput C:
 *
 *     L = floor(C / steps),   C = Σ over mailboxes of min(effective daily cap, hourly cap × sending hours,
 *                                                         sending hours × 3600 / spacing) × share
 *
 * The hourly cap and the spacing bound a mailbox whose window is short: 10/h over an 8-hour window is 80 a day
 * however high its daily cap is. `share` is the part of a mailbox this campaign can count on when other campaigns
 * send through it too (caps hold per mailbox across campaigns; default 1, i.e. the whole mailbox). The limit uses
 * today's warm-up cap, so it grows with the ramp. An override set by a person wins.
 */
import type { MailboxCaps } from './mailbox-caps.js';
import { effectiveDailyCap } from './warmup.js';

export interface NewLeadLimitInput {
  mailboxes: ReadonlyArray<MailboxCaps & { share?: number }>;
  /** Steps per lead in the campaign's sequence (≥ 1). */
  cadenceSteps: number;
  nowMs: number;
  /** The campaign's explicit limit; null to derive it. */
  override: number | null;
  /** The zone whose calendar days the warm-up ramps count; UTC by default. */
  timeZone?: string;
  /** Hours a day the send window is open (the hourly cap and spacing apply within it); 24 by default. */
  sendingHoursPerDay?: number;
}

export function dailyNewLeadLimit(input: NewLeadLimitInput): number {
  if (input.override !== null && input.override !== undefined) {
    if (!Number.isFinite(input.override)) throw new RangeError(`the daily new-lead limit override must be a number, got ${input.override}`);
    return Math.max(0, Math.floor(input.override));
  }
  if (!Number.isInteger(input.cadenceSteps) || input.cadenceSteps < 1) {
    throw new RangeError(`a sequence has at least one step; got cadenceSteps ${input.cadenceSteps}`);
  }
  const hours = Math.min(24, Math.max(0, input.sendingHoursPerDay ?? 24));
  let capacity = 0;
  for (const m of input.mailboxes) capacity += mailboxDailyThroughput(m, input.nowMs, hours, input.timeZone) * clampShare(m.share);
  return Math.floor(capacity / input.cadenceSteps);
}

/** Sends one mailbox can make on one day with `hours` of open window. */
export function mailboxDailyThroughput(caps: MailboxCaps, nowMs: number, hours = 24, timeZone = 'UTC'): number {
  const daily = effectiveDailyCap(caps, nowMs, timeZone);
  const hourly = Math.floor(Math.max(0, caps.hourlyCap) * hours);
  const spaced = caps.minSpacingSeconds > 0 ? Math.floor((hours * 3600) / caps.minSpacingSeconds) : Number.POSITIVE_INFINITY;
  return Math.min(daily, hourly, spaced);
}

function clampShare(share: number | undefined): number {
  if (share === undefined || !Number.isFinite(share)) return 1;
  return Math.min(1, Math.max(0, share));
}

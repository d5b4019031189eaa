/**
 * The earliest instant a mailbox can take one more send. A send at t must keep, counting the send itself:
 *   - at most the effective daily cap (warm-up included) in every rolling 24 hours that contains t,
 *   - at most the hourly cap in every rolling hour that contains t,
 *   - at least minSpacingSeconds between t and any other claim.
 * Claims are normally all in the past, and then only the windows ending at t matter; a claim after t (another
 * replica's slot, or clock skew between replicas) is honoured too, by also checking the windows that end at each
 * later claim, so the rule holds in every window whichever order the claims were made in.
 *
 * The answer is exact, not a polling step: the set of instants that fit only changes where a claim leaves a window
 * (claim + 24 h, claim + 1 h), where spacing releases (claim ± spacing), just after a claim, or at a local midnight
 * while the warm-up ramp rises. The earliest fit is atMs or one of those candidates, checked in order.
 *
 * Pure and workflow-safe; time is epoch ms.
 */
import { checkCaps, type MailboxCaps } from './mailbox-caps.js';
import { effectiveDailyCap, isWarmingUp, nextLocalDayStart } from './warmup.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Returned as atMs when the mailbox can never send (a cap of 0, or a warm-up ramp that starts at 0 and never
 *  rises). Not JSON-safe on purpose: a caller must turn it into a hold with the reason, never into a timer. */
export const MAILBOX_NEVER = Number.POSITIVE_INFINITY;

export interface MailboxSlot {
  /** The earliest instant ≥ the asked one where a send fits; MAILBOX_NEVER when none ever will. */
  atMs: number;
  /** The rule that moved the send, as a person reads it; null when the asked instant fits. */
  reason: string | null;
}

type Rule = 'daily' | 'warmup' | 'hourly' | 'spacing';

/**
 * @param recentClaimsMs the mailbox's claims (sends and in-flight sends) in the last 24 h, ascending; older or
 *   unsorted entries are tolerated.
 * @param timeZone the zone whose calendar days the warm-up ramp counts.
 */
export function nextSlotThatFits(caps: MailboxCaps, recentClaimsMs: readonly number[], atMs: number, timeZone = 'UTC'): MailboxSlot {
  if (!Number.isFinite(atMs)) throw new RangeError(`nextSlotThatFits needs a finite instant, got ${atMs}`);
  checkCaps(caps);
  const dailyCap = Math.max(0, Math.floor(caps.dailyCap));
  const hourlyCap = Math.max(0, Math.floor(caps.hourlyCap));
  if (dailyCap === 0) return { atMs: MAILBOX_NEVER, reason: 'mailbox cap: 0/24 h' };
  if (hourlyCap === 0) return { atMs: MAILBOX_NEVER, reason: 'mailbox hourly cap: 0/h' };
  if (caps.warmup && Math.floor(caps.warmup.startCap) <= 0 && Math.floor(caps.warmup.dailyIncrease) <= 0) {
    return { atMs: MAILBOX_NEVER, reason: 'mailbox warm-up: 0/24 h' };
  }

  const claims = ascending(recentClaimsMs.filter((c) => Number.isFinite(c)));
  const spacingMs = Math.max(0, caps.minSpacingSeconds) * 1000;
  const ctx: CheckContext = { caps, claims, dailyCap, hourlyCap, spacingMs, timeZone };

  const atRule = brokenRule(ctx, atMs);
  if (atRule === null) return { atMs, reason: null };
  const reason = describe(ctx, atRule, atMs);

  const candidates = new Set<number>();
  for (const c of claims) {
    for (const t of [c + 1, c + spacingMs, c + HOUR_MS, c + DAY_MS]) if (t > atMs) candidates.add(t);
  }
  const last = claims.length ? claims[claims.length - 1] : atMs;
  // Past this instant every window is empty and spacing is met; only the warm-up ramp can still hold a send.
  const clear = Math.max(atMs, last + DAY_MS, last + spacingMs);
  candidates.add(clear);
  if (caps.warmup && isWarmingUp(caps, atMs, timeZone)) {
    for (let d = nextLocalDayStart(atMs, timeZone); d <= clear; d = nextLocalDayStart(d, timeZone)) candidates.add(d);
  }
  for (const t of [...candidates].sort((a, b) => a - b)) {
    if (brokenRule(ctx, t) === null) return { atMs: t, reason };
  }
  // Still nothing: a ramp that starts below one send a day. It rises by at least one a day, so this ends.
  for (let t = nextLocalDayStart(clear, timeZone); ; t = nextLocalDayStart(t, timeZone)) {
    if (brokenRule(ctx, t) === null) return { atMs: t, reason };
  }
}

interface CheckContext {
  caps: MailboxCaps;
  claims: readonly number[];
  dailyCap: number;
  hourlyCap: number;
  spacingMs: number;
  timeZone: string;
}

/** The first rule a send at t would break (daily/warm-up, then hourly, then spacing), or null when it fits. */
function brokenRule(ctx: CheckContext, t: number): Rule | null {
  const { claims } = ctx;
  // Windows (s − 24 h, s] that contain t: the one ending at t and those ending at each later claim.
  const capAtT = effectiveDailyCap(ctx.caps, t, ctx.timeZone);
  if (countIn(claims, t - DAY_MS, t) + 1 > capAtT) return capAtT < ctx.dailyCap ? 'warmup' : 'daily';
  for (let i = upperBound(claims, t); i < claims.length && claims[i] < t + DAY_MS; i++) {
    const s = claims[i];
    const cap = effectiveDailyCap(ctx.caps, s, ctx.timeZone);
    if (countIn(claims, s - DAY_MS, s) + 1 > cap) return cap < ctx.dailyCap ? 'warmup' : 'daily';
  }
  if (countIn(claims, t - HOUR_MS, t) + 1 > ctx.hourlyCap) return 'hourly';
  for (let i = upperBound(claims, t); i < claims.length && claims[i] < t + HOUR_MS; i++) {
    if (countIn(claims, claims[i] - HOUR_MS, claims[i]) + 1 > ctx.hourlyCap) return 'hourly';
  }
  if (ctx.spacingMs > 0) {
    const after = lowerBound(claims, t); // first claim ≥ t
    if (after < claims.length && claims[after] - t < ctx.spacingMs) return 'spacing';
    if (after > 0 && t - claims[after - 1] < ctx.spacingMs) return 'spacing';
  }
  return null;
}

function describe(ctx: CheckContext, rule: Rule, atMs: number): string {
  switch (rule) {
    case 'daily':
      return `mailbox cap: ${ctx.dailyCap}/24 h reached`;
    case 'warmup':
      return `mailbox warm-up: ${effectiveDailyCap(ctx.caps, atMs, ctx.timeZone)}/24 h today`;
    case 'hourly':
      return `mailbox hourly cap: ${ctx.hourlyCap}/h reached`;
    case 'spacing':
      return `mailbox spacing: ${ctx.caps.minSpacingSeconds} s between sends`;
  }
}

/** Claims in (from, to]. */
function countIn(sorted: readonly number[], from: number, to: number): number {
  return upperBound(sorted, to) - upperBound(sorted, from);
}

/** Index of the first element > x. */
function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element ≥ x. */
function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function ascending(claims: readonly number[]): readonly number[] {
  for (let i = 1; i < claims.length; i++) if (claims[i] < claims[i - 1]) return [...claims].sort((a, b) => a - b);
  return claims;
}

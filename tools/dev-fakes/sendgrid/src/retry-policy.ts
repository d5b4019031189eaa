/**
 * SendGrid retries a failed Event Webhook post for up to 24 hours and an Inbound Parse post for up to 3 days, with
 * growing waits. The sandbox keeps the shape but compresses the waits: 1 s, 2 s, 4 s … capped at `maxDelayMs`,
 * until `windowMs` after the first attempt.
 */
export interface RetryPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  /** Give up once this long has passed since the first attempt (SendGrid's 24 h / 3 days). */
  windowMs: number;
}

export const EVENT_WEBHOOK_RETRY: RetryPolicy = { firstDelayMs: 1_000, maxDelayMs: 60_000, windowMs: 24 * 3600_000 };
export const INBOUND_PARSE_RETRY: RetryPolicy = { firstDelayMs: 1_000, maxDelayMs: 60_000, windowMs: 3 * 24 * 3600_000 };

/** The wait before retry number `attempt` (1 = the first retry); undefined once the window is spent. */
export function nextRetryDelay(policy: RetryPolicy, attempt: number, firstTriedAt: number, now: number): number | undefined {
  const delay = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return now + delay - firstTriedAt > policy.windowMs ? undefined : delay;
}

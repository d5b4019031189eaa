/**
 * Retry budget for one request inside one source pull: how long to wait before the next attempt, or `null`
 * when the budget is spent. Pure: jitter comes from an injected `random`, so tests and replays are deterministic.
 */

export interface RetryPolicy {
  /** Total attempts, the first one included (1 = never retry). */
  maxAttempts: number;
  /** Backoff before the first retry; doubles per attempt. */
  baseDelayMs: number;
  /** Longest wait we accept, for backoff and for a server's Retry-After alike. */
  maxDelayMs: number;
}

/**
 * @param attempt attempts already made (1 after the first failure).
 * @param retryAfterMs the server's Retry-After, already converted to a delay. It overrides backoff when it fits
 *   within maxDelayMs; a longer one spends the budget, because waiting hours inside a pull blocks the whole run.
 * @param random optional jitter source in [0, 1): full jitter, delay = random × backoff cap. Without it the
 *   cap itself is used.
 */
export function nextRetryDelay(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs?: number,
  random?: () => number,
): number | null {
  if (attempt >= policy.maxAttempts) return null;
  if (retryAfterMs !== undefined) {
    return retryAfterMs <= policy.maxDelayMs ? Math.max(0, Math.ceil(retryAfterMs)) : null;
  }
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  if (!random) return cap;
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * cap);
}

/** The same, with the policy and jitter source bound once per pull. */
export function retryBudget(policy: RetryPolicy, random?: () => number) {
  return {
    nextRetryDelay: (attempt: number, retryAfterMs?: number): number | null => nextRetryDelay(policy, attempt, retryAfterMs, random),
  };
}

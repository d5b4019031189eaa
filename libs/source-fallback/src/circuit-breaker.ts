/**
 * Circuit breaker for one harvest source of one campaign. The state is plain JSON so the harvest service can
 * persist it per (campaign, source) between daily runs; time is always passed in (epoch ms), never read here.
 */

export type CircuitName = 'closed' | 'open' | 'half-open';

export interface BreakerState {
  state: CircuitName;
  consecutiveFailures: number;
  /** When the circuit last opened (epoch ms); set while open. */
  openedAt?: number;
}

export interface BreakerPolicy {
  /** Consecutive failed pulls that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses pulls before one trial pull (half-open) is allowed. */
  cooldownMs: number;
}

export const DEFAULT_BREAKER_POLICY: Readonly<BreakerPolicy> = { failureThreshold: 3, cooldownMs: 15 * 60_000 };

export function closedBreaker(): BreakerState {
  return { state: 'closed', consecutiveFailures: 0 };
}

export function resolveBreakerPolicy(policy: Partial<BreakerPolicy> = {}): BreakerPolicy {
  return { ...DEFAULT_BREAKER_POLICY, ...policy };
}

export interface BreakerDecision {
  allowed: boolean;
  /** The state to persist: an open circuit whose cool-down has passed comes back half-open. */
  state: BreakerState;
  /** When refused: the earliest time a trial pull will be allowed. */
  retryAt?: number;
}

/** May the source be pulled now? A source with no stored state yet counts as closed. */
export function canAttempt(state: BreakerState | undefined, now: number, policy: Partial<BreakerPolicy> = {}): BreakerDecision {
  const current = state ?? closedBreaker();
  if (current.state !== 'open') return { allowed: true, state: current };
  const { cooldownMs } = resolveBreakerPolicy(policy);
  // An open state without openedAt (hand-edited or legacy row) must not lock the source forever: allow a trial.
  const retryAt = (current.openedAt ?? Number.NEGATIVE_INFINITY) + cooldownMs;
  if (now >= retryAt) {
    return { allowed: true, state: { state: 'half-open', consecutiveFailures: current.consecutiveFailures } };
  }
  return { allowed: false, state: current, retryAt };
}

/** A pull succeeded: the circuit closes and the failure streak resets. */
export function recordSuccess(_state: BreakerState | undefined): BreakerState {
  return closedBreaker();
}

/** A pull failed: a failed half-open trial re-opens at once; a closed circuit opens at the threshold. */
export function recordFailure(state: BreakerState | undefined, now: number, policy: Partial<BreakerPolicy> = {}): BreakerState {
  const current = state ?? closedBreaker();
  const { failureThreshold } = resolveBreakerPolicy(policy);
  const consecutiveFailures = current.consecutiveFailures + 1;
  if (current.state !== 'closed' || consecutiveFailures >= failureThreshold) {
    return { state: 'open', consecutiveFailures, openedAt: now };
  }
  return { state: 'closed', consecutiveFailures };
}

import { canAttempt, closedBreaker, recordFailure, recordSuccess, type BreakerState } from './circuit-breaker.js';

const T0 = Date.UTC(2025, 0, 6, 2, 0);
const MIN = 60_000;
const policy = { failureThreshold: 3, cooldownMs: 15 * MIN };

describe('canAttempt', () => {
  it.each<[string, BreakerState | undefined, number, boolean, BreakerState]>([
    ['no stored state counts as closed', undefined, T0, true, closedBreaker()],
    ['closed', { state: 'closed', consecutiveFailures: 2 }, T0, true, { state: 'closed', consecutiveFailures: 2 }],
    ['open within cool-down', { state: 'open', consecutiveFailures: 3, openedAt: T0 }, T0 + 14 * MIN, false, { state: 'open', consecutiveFailures: 3, openedAt: T0 }],
    ['open, cool-down just over → half-open', { state: 'open', consecutiveFailures: 3, openedAt: T0 }, T0 + 15 * MIN, true, { state: 'half-open', consecutiveFailures: 3 }],
    ['half-open allows the trial', { state: 'half-open', consecutiveFailures: 3 }, T0, true, { state: 'half-open', consecutiveFailures: 3 }],
    ['open without openedAt does not lock forever', { state: 'open', consecutiveFailures: 3 }, T0, true, { state: 'half-open', consecutiveFailures: 3 }],
  ])('%s', (_name, state, now, allowed, next) => {
    const decision = canAttempt(state, now, policy);
    expect(decision.allowed).toBe(allowed);
    expect(decision.state).toEqual(next);
  });

  it('says when a refused source may be tried again, using the default 15 min cool-down', () => {
    expect(canAttempt({ state: 'open', consecutiveFailures: 3, openedAt: T0 }, T0 + MIN)).toEqual({
      allowed: false,
      state: { state: 'open', consecutiveFailures: 3, openedAt: T0 },
      retryAt: T0 + 15 * MIN,
    });
  });
});

describe('recordFailure / recordSuccess', () => {
  it.each<[string, BreakerState | undefined, BreakerState]>([
    ['first failure stays closed', undefined, { state: 'closed', consecutiveFailures: 1 }],
    ['below threshold stays closed', { state: 'closed', consecutiveFailures: 1 }, { state: 'closed', consecutiveFailures: 2 }],
    ['threshold opens', { state: 'closed', consecutiveFailures: 2 }, { state: 'open', consecutiveFailures: 3, openedAt: T0 }],
    ['failed half-open trial re-opens at once', { state: 'half-open', consecutiveFailures: 3 }, { state: 'open', consecutiveFailures: 4, openedAt: T0 }],
    ['failure while open restarts the cool-down', { state: 'open', consecutiveFailures: 3, openedAt: T0 - MIN }, { state: 'open', consecutiveFailures: 4, openedAt: T0 }],
  ])('%s', (_name, state, next) => {
    expect(recordFailure(state, T0, policy)).toEqual(next);
  });

  it('uses the default threshold of 3', () => {
    let s: BreakerState | undefined;
    for (let i = 0; i < 3; i++) s = recordFailure(s, T0);
    expect(s?.state).toBe('open');
  });

  it.each<BreakerState>([
    { state: 'half-open', consecutiveFailures: 5 },
    { state: 'closed', consecutiveFailures: 2 },
  ])('success closes and resets %j', (state) => {
    expect(recordSuccess(state)).toEqual({ state: 'closed', consecutiveFailures: 0 });
  });

  it('round-trips through JSON (the service persists it)', () => {
    const opened = recordFailure({ state: 'closed', consecutiveFailures: 2 }, T0, policy);
    expect(canAttempt(JSON.parse(JSON.stringify(opened)), T0 + 16 * MIN, policy).state.state).toBe('half-open');
  });
});

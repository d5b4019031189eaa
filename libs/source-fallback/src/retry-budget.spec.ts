import { nextRetryDelay, retryBudget, type RetryPolicy } from './retry-budget.js';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 5_000 };

describe('nextRetryDelay', () => {
  it.each<[string, number, number | undefined, number | null]>([
    ['first retry waits the base delay', 1, undefined, 1_000],
    ['second retry doubles', 2, undefined, 2_000],
    ['third retry is capped at maxDelayMs', 3, undefined, 4_000],
    ['budget spent after maxAttempts', 4, undefined, null],
    ['Retry-After overrides backoff', 1, 3_000, 3_000],
    ['Retry-After of 0 retries at once', 2, 0, 0],
    ['Retry-After equal to maxDelayMs is accepted', 1, 5_000, 5_000],
    ['Retry-After beyond maxDelayMs spends the budget', 1, 5_001, null],
    ['Retry-After does not extend the attempt budget', 4, 1_000, null],
  ])('%s', (_name, attempt, retryAfterMs, expected) => {
    expect(nextRetryDelay(policy, attempt, retryAfterMs)).toBe(expected);
  });

  it('caps exponential growth at maxDelayMs', () => {
    expect(nextRetryDelay({ maxAttempts: 20, baseDelayMs: 1_000, maxDelayMs: 5_000 }, 10)).toBe(5_000);
  });

  it.each<[number, number, number]>([
    [0, 2, 0],
    [0.5, 2, 1_000],
    [0.999, 3, 3_996],
  ])('full jitter from an injected source: random %p at attempt %p → %p ms', (r, attempt, expected) => {
    expect(nextRetryDelay(policy, attempt, undefined, () => r)).toBe(expected);
  });

  it('binds policy and jitter once per pull', () => {
    const budget = retryBudget(policy, () => 0.5);
    expect([1, 2, 3, 4].map((a) => budget.nextRetryDelay(a))).toEqual([500, 1_000, 2_000, null]);
    expect(budget.nextRetryDelay(1, 2_500)).toBe(2_500);
  });
});

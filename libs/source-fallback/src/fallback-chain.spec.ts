import type { SourcePullReport } from '#libs/contracts';
import type { BreakerState } from './circuit-breaker.js';
import { planChain, summariseChain, type ChainSummary } from './fallback-chain.js';

const T0 = Date.UTC(2025, 0, 6, 2, 0);
const MIN = 60_000;
const open = (openedAt: number): BreakerState => ({ state: 'open', consecutiveFailures: 3, openedAt });
const report = (r: Partial<SourcePullReport> & Pick<SourcePullReport, 'source' | 'outcome'>): SourcePullReport => ({
  created: 0,
  merged: 0,
  rejected: 0,
  attempts: 1,
  ...r,
});

describe('planChain', () => {
  it('keeps the campaign order and decides each source', () => {
    const plan = planChain(
      [
        { kind: 'drop-folder', enabled: true },
        { kind: 'people-search', enabled: true },
      ],
      { 'people-search': open(T0 - 5 * MIN) },
      T0,
    );
    expect(plan).toEqual([
      { kind: 'drop-folder', action: 'pull', breaker: { state: 'closed', consecutiveFailures: 0 } },
      { kind: 'people-search', action: 'skip-circuit-open', breaker: open(T0 - 5 * MIN), retryAt: T0 + 10 * MIN },
    ]);
  });

  it.each<[string, boolean, BreakerState | undefined, string, string | undefined]>([
    ['disabled wins over any breaker', false, open(T0), 'skip-disabled', undefined],
    ['closed breaker pulls', true, { state: 'closed', consecutiveFailures: 1 }, 'pull', 'closed'],
    ['open breaker within cool-down skips', true, open(T0 - MIN), 'skip-circuit-open', 'open'],
    ['open breaker past cool-down pulls as a half-open trial', true, open(T0 - 20 * MIN), 'pull', 'half-open'],
  ])('%s', (_name, enabled, breaker, action, breakerAfter) => {
    const [step] = planChain([{ kind: 'people-search', enabled }], { 'people-search': breaker }, T0, { cooldownMs: 15 * MIN });
    expect(step.action).toBe(action);
    expect(step.breaker?.state).toBe(breakerAfter);
  });
});

describe('summariseChain', () => {
  it.each<[string, SourcePullReport[], ChainSummary]>([
    [
      'all ok → completed',
      [report({ source: 'drop-folder', outcome: 'ok', created: 10 }), report({ source: 'people-search', outcome: 'ok' })],
      { status: 'completed', degradedSources: [], problems: [] },
    ],
    ['no sources → completed', [], { status: 'completed', degradedSources: [], problems: [] }],
    [
      'failed source → degraded, names source and error',
      [report({ source: 'drop-folder', outcome: 'ok' }), report({ source: 'people-search', outcome: 'failed', attempts: 3, error: 'HTTP 503 Service Unavailable' })],
      { status: 'degraded', degradedSources: ['people-search'], problems: ['people-search: failed after 3 attempts: HTTP 503 Service Unavailable'] },
    ],
    [
      'failed without an error message still says so',
      [report({ source: 'people-search', outcome: 'failed' })],
      { status: 'degraded', degradedSources: ['people-search'], problems: ['people-search: failed after 1 attempt: unknown error'] },
    ],
    [
      'circuit open → degraded',
      [report({ source: 'people-search', outcome: 'skipped-circuit-open', attempts: 0, error: 'last error: HTTP 401' })],
      { status: 'degraded', degradedSources: ['people-search'], problems: ['people-search: skipped, circuit open: last error: HTTP 401'] },
    ],
    [
      'spent request budget is not a fault',
      [report({ source: 'people-search', outcome: 'skipped-budget', attempts: 0 })],
      { status: 'completed', degradedSources: [], problems: [] },
    ],
    [
      'every failing source listed once, every problem kept',
      [
        report({ source: 'drop-folder', outcome: 'failed', error: 'EACCES' }),
        report({ source: 'people-search', outcome: 'failed', error: 'HTTP 500' }),
        report({ source: 'people-search', outcome: 'skipped-circuit-open', attempts: 0 }),
      ],
      {
        status: 'degraded',
        degradedSources: ['drop-folder', 'people-search'],
        problems: ['drop-folder: failed after 1 attempt: EACCES', 'people-search: failed after 1 attempt: HTTP 500', 'people-search: skipped, circuit open'],
      },
    ],
  ])('%s', (_name, results, expected) => {
    expect(summariseChain(results)).toEqual(expected);
  });
});

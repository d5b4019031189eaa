/**
 * The per-campaign harvest fallback chain: which sources to pull in order, and how the run reads afterwards.
 * A source that fails never stops the chain; the run completes from the others and reports `degraded`.
 */
import type { HarvestSourceKind, SourcePullReport } from '#libs/contracts';
import { canAttempt, type BreakerPolicy, type BreakerState } from './circuit-breaker.js';

export interface ChainSource<K extends string = HarvestSourceKind> {
  kind: K;
  enabled: boolean;
}

export type ChainAction = 'pull' | 'skip-circuit-open' | 'skip-disabled';

export interface ChainStep<K extends string = HarvestSourceKind> {
  kind: K;
  action: ChainAction;
  /** Breaker state to persist for this source (an open circuit past its cool-down comes back half-open). */
  breaker?: BreakerState;
  /** For skip-circuit-open: when a trial pull will next be allowed. */
  retryAt?: number;
}

/** Sources in the campaign's order; disabled ones are listed as skipped so the report shows the whole chain. */
export function planChain<K extends string = HarvestSourceKind>(
  sources: ReadonlyArray<ChainSource<K>>,
  breakerStates: Partial<Record<K, BreakerState>>,
  now: number,
  policy: Partial<BreakerPolicy> = {},
): ChainStep<K>[] {
  return sources.map(({ kind, enabled }): ChainStep<K> => {
    if (!enabled) return { kind, action: 'skip-disabled' };
    const decision = canAttempt(breakerStates[kind], now, policy);
    if (!decision.allowed) return { kind, action: 'skip-circuit-open', breaker: decision.state, retryAt: decision.retryAt };
    return { kind, action: 'pull', breaker: decision.state };
  });
}

export interface ChainSummary {
  status: 'completed' | 'degraded';
  degradedSources: string[];
  problems: string[];
}

/**
 * Degraded when any pulled source failed or was skipped for an open circuit. A spent request budget
 * (`skipped-budget`) is the configured limit doing its job, not a fault, so it does not degrade the run.
 */
export function summariseChain(results: ReadonlyArray<SourcePullReport>): ChainSummary {
  const degradedSources: string[] = [];
  const problems: string[] = [];
  for (const r of results) {
    const problem = describeProblem(r);
    if (!problem) continue;
    if (!degradedSources.includes(r.source)) degradedSources.push(r.source);
    problems.push(problem);
  }
  return { status: degradedSources.length ? 'degraded' : 'completed', degradedSources, problems };
}

function describeProblem(r: SourcePullReport): string | undefined {
  const error = r.error ? `: ${r.error}` : '';
  switch (r.outcome) {
    case 'failed':
      return `${r.source}: failed after ${r.attempts} attempt${r.attempts === 1 ? '' : 's'}${error || ': unknown error'}`;
    case 'skipped-circuit-open':
      return `${r.source}: skipped, circuit open${error}`;
    default:
      return undefined;
  }
}

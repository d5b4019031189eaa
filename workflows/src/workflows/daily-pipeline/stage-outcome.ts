import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { PipelineStageName, StageReport } from '#libs/contracts';

/** A stage fails only if every campaign failed; any failure or degraded campaign degrades it. */
export function stageOutcome(
  stage: PipelineStageName,
  o: { campaigns: number; failed: number; degraded: boolean; started: number; finished: number; counts: Record<string, number>; problems: string[] },
): StageReport {
  return {
    stage,
    status: o.failed > 0 && o.failed === o.campaigns ? 'failed' : o.failed > 0 || o.degraded ? 'degraded' : 'completed',
    startedAt: new Date(o.started).toISOString(),
    finishedAt: new Date(o.finished).toISOString(),
    durationMs: o.finished - o.started,
    counts: o.counts,
    problems: o.problems,
  };
}

/** The message an operator needs from an activity failure: the cause, not Temporal's wrapper. */
export function describeFailure(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause) return err.cause.message;
  if (err instanceof ApplicationFailure) return err.message;
  return err instanceof Error ? err.message : String(err);
}

import type { PipelineProgress, PipelineStageName, RunStatus, StageReport, StageStatus } from '#libs/contracts';

/** The run's report as it grows: pure, so the workflow stays thin and the query handler just reads it. */
export class PipelineRunState {
  private readonly stages: StageReport[] = [];
  private current: PipelineStageName | null = null;

  constructor(readonly runId: string) {}

  begin(stage: PipelineStageName) {
    this.current = stage;
  }

  record(report: StageReport) {
    this.stages.push(report);
    this.current = null;
  }

  skip(stage: PipelineStageName, at: string, reason: string): StageReport {
    const report: StageReport = { stage, status: 'skipped', startedAt: at, finishedAt: at, durationMs: 0, counts: {}, problems: [reason] };
    this.record(report);
    return report;
  }

  /** A stage that failed or degraded makes the run degraded; the run itself still completes. */
  status(): RunStatus {
    if (this.current) return 'running';
    const bad: StageStatus[] = ['failed', 'degraded'];
    return this.stages.some((s) => bad.includes(s.status)) ? 'degraded' : 'completed';
  }

  snapshot(): PipelineProgress {
    return { runId: this.runId, status: this.status(), currentStage: this.current, stages: [...this.stages] };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { pipelineStages } from '#libs/config';
import {
  PIPELINE_SCHEDULE_ID,
  SearchAttribute,
  dailyPipelineWorkflow,
  manualPipelineWorkflowId,
  type DailyPipelineInput,
  type PipelineTrigger,
  type RunStatus,
  type StageReport,
} from '#libs/contracts';
import { defineSearchAttributeKey } from '@temporalio/common';
import { startWorkflow } from '#libs/temporal';
import { API_CONFIG, TEMPORAL_CLIENT, type ApiConfig } from '../api.config.js';
import { ApiError } from '../api-errors.js';

interface RunRow {
  run_id: string;
  workflow_id: string;
  trigger: PipelineTrigger;
  campaign_id: string | null;
  status: RunStatus;
  started_at: Date;
  finished_at: Date | null;
}
interface StageRow {
  run_id: string;
  stage: string;
  status: string;
  started_at: Date;
  finished_at: Date;
  duration_ms: number;
  counts: Record<string, number>;
  problems: string[];
}

const triggerKey = defineSearchAttributeKey(SearchAttribute.PipelineTrigger.name, 'KEYWORD');
const campaignKey = defineSearchAttributeKey(SearchAttribute.CampaignId.name, 'KEYWORD');

/** Pipeline run history (written by the workflow through activities) and "run now". */
@Injectable()
export class PipelineRunsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /**
   * Starts a manual run unless one for the same campaign (or for all campaigns) is still open: the workflow id is
   * fixed per campaign, so Temporal itself refuses the second start, whichever API replica asks. The run's row is
   * written here too, so the run it answers with can be read at once (the workflow's own write then does nothing).
   */
  async runNow(campaignId?: string) {
    const input: DailyPipelineInput = {
      trigger: 'manual',
      campaignId,
      stages: pipelineStages(this.config),
      timeZone: this.config.PIPELINE_TIME_ZONE,
      runImmediately: true,
    };
    const workflowId = manualPipelineWorkflowId(campaignId);
    let runId: string;
    try {
      const handle = await startWorkflow(this.temporal, dailyPipelineWorkflow, {
        workflowId,
        args: [input],
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        typedSearchAttributes: [{ key: triggerKey, value: 'manual' }, ...(campaignId ? [{ key: campaignKey, value: campaignId }] : [])],
      });
      runId = handle.firstExecutionRunId;
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) throw await this.alreadyRunning(workflowId, campaignId);
      throw err;
    }
    await this.recordRunStarted({ runId, workflowId, trigger: 'manual', campaignId, startedAt: new Date().toISOString() });
    return { workflowId, runId, webUi: this.webUiLink(workflowId, runId) };
  }

  private async alreadyRunning(workflowId: string, campaignId?: string): Promise<ApiError> {
    const running = await this.temporal.workflow.getHandle(workflowId).describe().then((d) => d.runId, () => undefined);
    const what = campaignId ? `campaign ${campaignId}` : 'all campaigns';
    return new ApiError('run_in_progress', `a manual run of ${what} is still running: workflow ${workflowId}${running ? `, run ${running}` : ''}`, [
      { field: 'campaignId', message: `wait for run ${running ?? workflowId} to finish` },
    ]);
  }

  async list(limit: number) {
    const runs: RunRow[] = await this.db.query(`SELECT * FROM api.pipeline_runs ORDER BY started_at DESC LIMIT $1`, [limit]);
    const stages: StageRow[] = runs.length
      ? await this.db.query(`SELECT * FROM api.pipeline_stage_runs WHERE run_id = ANY($1) ORDER BY started_at`, [runs.map((r) => r.run_id)])
      : [];
    return runs.map((r) => this.view(r, stages.filter((s) => s.run_id === r.run_id)));
  }

  async get(runId: string) {
    const [run]: RunRow[] = await this.db.query(`SELECT * FROM api.pipeline_runs WHERE run_id = $1`, [runId]);
    if (!run) throw new ApiError('run_not_found', `no pipeline run ${runId} (a run appears once its workflow has started)`);
    const stages: StageRow[] = await this.db.query(`SELECT * FROM api.pipeline_stage_runs WHERE run_id = $1 ORDER BY started_at`, [runId]);
    return this.view(run, stages);
  }

  async schedule() {
    const d = await this.temporal.schedule.getHandle(PIPELINE_SCHEDULE_ID).describe();
    return {
      scheduleId: PIPELINE_SCHEDULE_ID,
      paused: d.state.paused,
      timeZone: d.spec.timezone ?? 'UTC',
      nextRuns: d.info.nextActionTimes.slice(0, 5).map((t) => t.toISOString()),
      recentRuns: d.info.recentActions.slice(-5).map((a) => ({ scheduledAt: a.scheduledAt.toISOString(), workflowId: a.action.workflow.workflowId })),
      stages: pipelineStages(this.config),
    };
  }

  /**
   * Runs the schedule would have started between `from` and `to` (missed days), oldest first and one at a
   * time; each runs its stages back to back because it starts late.
   */
  async backfill(from: string, to: string) {
    const start = new Date(from);
    const end = new Date(to);
    const details = [];
    if (Number.isNaN(start.getTime())) details.push({ field: 'from', message: 'not an ISO date or time' });
    if (Number.isNaN(end.getTime())) details.push({ field: 'to', message: 'not an ISO date or time' });
    if (!details.length && end <= start) details.push({ field: 'to', message: 'must be after from' });
    if (!details.length && end.getTime() > Date.now()) details.push({ field: 'to', message: 'must not be in the future' });
    if (!details.length && end.getTime() - start.getTime() > 31 * 86_400_000) details.push({ field: 'to', message: 'a backfill covers at most 31 days' });
    if (details.length) throw new ApiError('invalid_query', 'backfill range is not valid', details);
    await this.temporal.schedule.getHandle(PIPELINE_SCHEDULE_ID).backfill([{ start, end, overlap: 'BUFFER_ALL' }]);
    return { scheduleId: PIPELINE_SCHEDULE_ID, from: start.toISOString(), to: end.toISOString() };
  }

  // --- written by the workflow through the campaigns task queue; each write is idempotent for retries ---

  async recordRunStarted(i: { runId: string; workflowId: string; trigger: PipelineTrigger; campaignId?: string; startedAt: string }) {
    await this.db.query(
      `INSERT INTO api.pipeline_runs (run_id, workflow_id, trigger, campaign_id, status, started_at) VALUES ($1, $2, $3, $4, 'running', $5)
       ON CONFLICT (run_id) DO NOTHING`,
      [i.runId, i.workflowId, i.trigger, i.campaignId ?? null, i.startedAt],
    );
  }

  async recordStage(i: { runId: string; report: StageReport }) {
    const r = i.report;
    await this.db.query(
      `INSERT INTO api.pipeline_stage_runs (run_id, stage, status, started_at, finished_at, duration_ms, counts, problems)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (run_id, stage) DO UPDATE SET status = EXCLUDED.status, started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at,
         duration_ms = EXCLUDED.duration_ms, counts = EXCLUDED.counts, problems = EXCLUDED.problems`,
      [i.runId, r.stage, r.status, r.startedAt, r.finishedAt, r.durationMs, JSON.stringify(r.counts), JSON.stringify(r.problems)],
    );
  }

  async recordRunFinished(i: { runId: string; status: RunStatus; finishedAt: string }) {
    await this.db.query(`UPDATE api.pipeline_runs SET status = $2, finished_at = $3 WHERE run_id = $1`, [i.runId, i.status, i.finishedAt]);
  }

  private view(r: RunRow, stages: StageRow[]) {
    return {
      runId: r.run_id,
      workflowId: r.workflow_id,
      trigger: r.trigger,
      campaignId: r.campaign_id,
      status: r.status,
      startedAt: r.started_at.toISOString(),
      finishedAt: r.finished_at?.toISOString() ?? null,
      durationMs: r.finished_at ? r.finished_at.getTime() - r.started_at.getTime() : null,
      webUi: this.webUiLink(r.workflow_id, r.run_id),
      stages: stages.map((s) => ({
        stage: s.stage,
        status: s.status,
        startedAt: s.started_at.toISOString(),
        finishedAt: s.finished_at.toISOString(),
        durationMs: s.duration_ms,
        counts: s.counts,
        problems: s.problems,
      })),
    };
  }

  private webUiLink(workflowId: string, runId: string): string | null {
    if (!this.config.TEMPORAL_UI_URL) return null;
    return `${this.config.TEMPORAL_UI_URL}/namespaces/${encodeURIComponent(this.config.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(workflowId)}/${encodeURIComponent(runId)}/history`;
  }
}

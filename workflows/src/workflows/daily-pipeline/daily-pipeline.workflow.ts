import { defineSearchAttributeKey } from '@temporalio/common';
import { proxyActivities, setHandler, sleep, upsertSearchAttributes, workflowInfo, log } from '@temporalio/workflow';
import {
  DEFAULT_JUDGING_CONCURRENCY,
  PipelineStage,
  SearchAttribute,
  TaskQueue,
  pipelineProgressQuery,
  type CampaignActivities,
  type DailyPipelineInput,
  type PipelineRunReport,
  type PipelineStageName,
  type StageReport,
} from '#libs/contracts';
import { stageStartDelayMs } from '#libs/pipeline-clock';
import { runHarvestStage } from './harvest-stage.js';
import { runJudgingStage } from './judging-stage.js';
import { runNurtureStage } from './nurture-stage.js';
import { PipelineRunState } from './pipeline-run-state.js';

const campaigns = proxyActivities<CampaignActivities>({
  taskQueue: TaskQueue.campaigns,
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

// Set by Temporal on every run a schedule starts, backfills included.
const scheduledStartKey = defineSearchAttributeKey('TemporalScheduledStartTime', 'DATETIME');
const LATE_RUN_MS = 60 * 60_000;

/**
 * One run of the daily pipeline. Stages run in order; each waits for its local start time unless the run was
 * started by hand. A stage that fails is recorded and the run ends degraded rather than failed.
 */
export async function dailyPipeline(input: DailyPipelineInput): Promise<PipelineRunReport> {
  const info = workflowInfo();
  const runId = info.runId;
  const state = new PipelineRunState(runId);
  setHandler(pipelineProgressQuery, () => state.snapshot());
  const now = () => Date.now(); // Temporal's deterministic workflow clock inside the sandbox

  upsertSearchAttributes({ [SearchAttribute.PipelineStatus.name]: ['running'], ...(input.campaignId ? { [SearchAttribute.CampaignId.name]: [input.campaignId] } : {}) });
  await campaigns.recordRunStarted({ runId, workflowId: info.workflowId, trigger: input.trigger, campaignId: input.campaignId, startedAt: new Date(now()).toISOString() });
  const active = await campaigns.listActiveCampaigns({ campaignId: input.campaignId });
  log.info('pipeline run started', { runId, campaigns: active.length, trigger: input.trigger });

  // A scheduled run that starts well after its slot (catch-up after downtime, or a backfill of a missed day) runs
  // its stages back to back: waiting for today's stage times would be wrong for yesterday's run.
  const scheduledAt = (info.typedSearchAttributes.get(scheduledStartKey) as Date | undefined)?.getTime();
  const late = scheduledAt !== undefined && now() - scheduledAt > LATE_RUN_MS;
  const backToBack = input.runImmediately || late;
  if (late) log.info('late scheduled run: stages run back to back', { scheduledAt: new Date(scheduledAt).toISOString() });

  for (const stage of PipelineStage) {
    const setting = input.stages[stage];
    // A run whose input predates a stage does not know it: not part of that run (keeps old histories replaying).
    if (!setting) continue;
    if (!setting.enabled) {
      const report = state.skip(stage, new Date(now()).toISOString(), 'disabled in pipeline settings');
      await campaigns.recordStage({ runId, report });
      continue;
    }
    if (!backToBack) {
      const wait = stageStartDelayMs(now(), input.timeZone, setting.at);
      if (wait > 0) await sleep(wait);
    }
    state.begin(stage);
    const report = await runStage(stage, active, runId, now, input.judgingConcurrency ?? DEFAULT_JUDGING_CONCURRENCY);
    state.record(report);
    await campaigns.recordStage({ runId, report });
  }

  const status = state.status();
  upsertSearchAttributes({ [SearchAttribute.PipelineStatus.name]: [status] });
  await campaigns.recordRunFinished({ runId, status, finishedAt: new Date(now()).toISOString() });
  const snapshot = state.snapshot();
  return { runId, status, stages: snapshot.stages };
}

function runStage(stage: PipelineStageName, active: Parameters<typeof runHarvestStage>[0], runId: string, now: () => number, judgingConcurrency: number): Promise<StageReport> {
  switch (stage) {
    case 'harvest':
      return runHarvestStage(active, runId, now);
    case 'score':
    case 'qualify':
    case 'route':
      return runJudgingStage(stage, active, runId, now, judgingConcurrency);
    case 'nurture':
      // Only runs whose input names the stage get here: runs started before it existed replay unchanged.
      return runNurtureStage(active, runId, now);
  }
}

/** The daily pipeline: stage names, run inputs, the run report the API serves, and the workflow's contract. */
import { defineQuery } from '@temporalio/workflow';
import { defineWorkflow } from './workflow-ref.js';

export const PIPELINE_SCHEDULE_ID = 'daily-pipeline';

/** Stages in pipeline order: nurture enrols the routed leads (one `leadNurture` workflow per lead and campaign). */
export const PipelineStage = ['harvest', 'score', 'qualify', 'route', 'nurture'] as const;
export type PipelineStageName = (typeof PipelineStage)[number];

export type PipelineTrigger = 'schedule' | 'manual';

export interface StageSetting {
  enabled: boolean;
  /** Local start time "HH:MM" in the pipeline time zone. */
  at: string;
}

export interface DailyPipelineInput {
  trigger: PipelineTrigger;
  /** Run only this campaign (run-now from the API); all active campaigns otherwise. */
  campaignId?: string;
  /** A stage missing here (a run started before the stage existed) is not part of the run. */
  stages: Partial<Record<PipelineStageName, StageSetting>>;
  timeZone: string;
  /** Run-now: run stages back to back instead of waiting for each stage's local time. */
  runImmediately: boolean;
  /** Campaigns score, qualify and route each work on at once (one stage activity each); DEFAULT_JUDGING_CONCURRENCY if unset. */
  judgingConcurrency?: number;
}

/** A stage service's worker runs four activities at once (libs/service-runtime); more would only queue there. */
export const DEFAULT_JUDGING_CONCURRENCY = 4;

export type StageStatus = 'completed' | 'degraded' | 'failed' | 'skipped';
export type RunStatus = 'running' | 'completed' | 'degraded' | 'failed';

export interface StageReport {
  stage: PipelineStageName;
  status: StageStatus;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** Small named counts, e.g. { imported: 120, rejected: 3 }. */
  counts: Record<string, number>;
  /** Why the stage degraded or failed, naming the source or campaign. */
  problems: string[];
}

export interface PipelineRunReport {
  runId: string;
  status: RunStatus;
  stages: StageReport[];
}

/**
 * Readable ids so the Web UI shows what a run is: scheduled runs get Temporal's own suffix. A manual run's id is
 * the same for every run of one campaign (and for every all-campaigns run), so Temporal refuses a second one
 * while the first is open: the overlap guard holds across API replicas.
 */
export function manualPipelineWorkflowId(campaignId?: string): string {
  return campaignId ? `daily-pipeline/manual/${campaignId}` : 'daily-pipeline/manual';
}

export type DailyPipelineWorkflow = (input: DailyPipelineInput) => Promise<PipelineRunReport>;
/** One run of the daily pipeline; the schedule and "run now" start it. */
export const dailyPipelineWorkflow = defineWorkflow<DailyPipelineWorkflow>('dailyPipeline');

/** A running pipeline's progress: the stages so far and the one under way. */
export interface PipelineProgress {
  runId: string;
  status: RunStatus;
  currentStage: PipelineStageName | null;
  stages: StageReport[];
}
export const pipelineProgressQuery = defineQuery<PipelineProgress>('pipelineProgress');

/** Campaign and run-history contract: activities hosted by the API service on TaskQueue.campaigns. */
import type { PipelineTrigger, RunStatus, StageReport } from './pipeline.js';

export interface CampaignRef {
  id: string;
  name: string;
}

export interface CampaignActivities {
  listActiveCampaigns(input: { campaignId?: string }): Promise<CampaignRef[]>;
  recordRunStarted(input: { runId: string; workflowId: string; trigger: PipelineTrigger; campaignId?: string; startedAt: string }): Promise<void>;
  recordStage(input: { runId: string; report: StageReport }): Promise<void>;
  recordRunFinished(input: { runId: string; status: RunStatus; finishedAt: string }): Promise<void>;
}

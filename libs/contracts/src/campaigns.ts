/** Campaign and run-history contract: activities hosted by the API service on TaskQueue.campaigns. */
import type { PipelineTrigger, RunStatus, StageReport } from './pipeline.js';

/**
 * A campaign id: 1 to 63 lower-case letters, digits or dashes, starting with a letter or digit. It appears in
 * workflow ids, URLs and drop-folder names, so it is checked wherever one comes in. The API's campaigns table
 * repeats it in a CHECK constraint.
 */
export const CAMPAIGN_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function isCampaignId(value: unknown): value is string {
  return typeof value === 'string' && CAMPAIGN_ID_PATTERN.test(value);
}

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

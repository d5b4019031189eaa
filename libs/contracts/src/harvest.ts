/** Harvest stage contract: activities hosted by the harvest service on TaskQueue.harvest. */

export type HarvestSourceKind = 'drop-folder' | 'people-search';
export type SourceOutcome = 'ok' | 'failed' | 'skipped-circuit-open' | 'skipped-budget';

export interface SourcePullReport {
  source: HarvestSourceKind;
  outcome: SourceOutcome;
  created: number;
  merged: number;
  rejected: number;
  attempts: number;
  error?: string;
}

export interface CampaignHarvestReport {
  campaignId: string;
  status: 'completed' | 'degraded';
  created: number;
  merged: number;
  rejected: number;
  sources: SourcePullReport[];
}

export interface HarvestActivities {
  /** Pull every source in the campaign's fallback chain; never throws for a failing source. */
  harvestCampaign(input: { campaignId: string; runId: string }): Promise<CampaignHarvestReport>;
}

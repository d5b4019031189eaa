import { proxyActivities } from '@temporalio/workflow';
import { describeFailure, stageOutcome } from './stage-outcome.js';
import { TaskQueue, type CampaignRef, type HarvestActivities, type StageReport } from '#libs/contracts';

const harvest = proxyActivities<HarvestActivities>({
  taskQueue: TaskQueue.harvest,
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '2 minutes',
  // A campaign's sources already fail over inside the activity; these retries cover the service itself.
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 4 },
});

/** Harvest every campaign; one campaign's failure degrades the stage but does not stop the others. */
export async function runHarvestStage(campaigns: CampaignRef[], runId: string, now: () => number): Promise<StageReport> {
  const started = now();
  const counts = { campaigns: campaigns.length, created: 0, merged: 0, rejected: 0 };
  const problems: string[] = [];
  let failedCampaigns = 0;
  let degraded = false;
  for (const campaign of campaigns) {
    try {
      const report = await harvest.harvestCampaign({ campaignId: campaign.id, runId });
      counts.created += report.created;
      counts.merged += report.merged;
      counts.rejected += report.rejected;
      if (report.status === 'degraded') {
        degraded = true;
        for (const s of report.sources) {
          if (s.outcome === 'failed' || s.outcome === 'skipped-circuit-open') problems.push(`${campaign.id}: ${s.source} ${s.outcome}${s.error ? `: ${s.error}` : ''}`);
        }
      }
    } catch (err) {
      failedCampaigns++;
      problems.push(`${campaign.id}: harvest failed: ${describeFailure(err)}`);
    }
  }
  return stageOutcome('harvest', { campaigns: campaigns.length, failed: failedCampaigns, degraded, started, finished: now(), counts, problems });
}


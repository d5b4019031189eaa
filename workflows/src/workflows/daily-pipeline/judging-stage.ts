import { proxyActivities } from '@temporalio/workflow';
import { describeFailure, stageOutcome } from './stage-outcome.js';
import {
  TaskQueue,
  type CampaignRef,
  type CampaignStageInput,
  type CampaignStageReport,
  type QualificationActivities,
  type RoutingActivities,
  type ScoringActivities,
  type StageReport,
} from '../../../../libs/contracts/src/index.js';

// Paged stage activities heartbeat every page; a stalled worker is noticed in minutes and the retry resumes from
// the last heartbeat's cursor. Retries back off, and once spent the stage degrades for that campaign.
const stageOptions = {
  startToCloseTimeout: '4 hours',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 5 },
} as const;
const scoring = proxyActivities<ScoringActivities>({ taskQueue: TaskQueue.scoring, ...stageOptions });
const qualification = proxyActivities<QualificationActivities>({ taskQueue: TaskQueue.qualification, ...stageOptions });
const routing = proxyActivities<RoutingActivities>({ taskQueue: TaskQueue.routing, ...stageOptions });

export type JudgingStage = 'score' | 'qualify' | 'route';

const activityFor: Record<JudgingStage, (input: CampaignStageInput) => Promise<CampaignStageReport>> = {
  score: (input) => scoring.scoreCampaign(input),
  qualify: (input) => qualification.qualifyCampaign(input),
  route: (input) => routing.routeCampaign(input),
};

/** Score, qualify or route every campaign in turn; one campaign's failure degrades the stage, not the run. */
export async function runJudgingStage(stage: JudgingStage, campaigns: CampaignRef[], runId: string, now: () => number): Promise<StageReport> {
  const started = now();
  const counts: Record<string, number> = { campaigns: campaigns.length, processed: 0 };
  const problems: string[] = [];
  let failed = 0;
  let degraded = false;
  for (const campaign of campaigns) {
    try {
      const report = await activityFor[stage]({ campaignId: campaign.id, runId });
      counts.processed += report.processed;
      for (const [k, v] of Object.entries(report.counts)) counts[k] = (counts[k] ?? 0) + v;
      if (report.status === 'degraded') {
        degraded = true;
        problems.push(...report.problems.map((p) => `${campaign.id}: ${p}`));
      }
    } catch (err) {
      failed++;
      problems.push(`${campaign.id}: ${stage} failed: ${describeFailure(err)}`);
    }
  }
  return stageOutcome(stage, { campaigns: campaigns.length, failed: failed, degraded, started, finished: now(), counts, problems });
}


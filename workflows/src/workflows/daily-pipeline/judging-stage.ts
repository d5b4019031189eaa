import { patched, proxyActivities } from '@temporalio/workflow';
import { mapBounded } from './bounded.js';
import { describeFailure, stageOutcome } from './stage-outcome.js';
import {
  TaskQueue,
  type CampaignRef,
  type CampaignStageInput,
  type CampaignStageReport,
  type JudgingStageName,
  type QualificationActivities,
  type RoutingActivities,
  type ScoringActivities,
  type StageReport,
} from '#libs/contracts';

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

const activityFor: Record<JudgingStageName, (input: CampaignStageInput) => Promise<CampaignStageReport>> = {
  score: (input) => scoring.scoreCampaign(input),
  qualify: (input) => qualification.qualifyCampaign(input),
  route: (input) => routing.routeCampaign(input),
};

/**
 * The patch that judges campaigns side by side; runs whose history predates it judge one at a time
 * (docs/decisions/0009-workflow-versioning.md).
 */
export const JUDGING_CAMPAIGNS_CONCURRENTLY = 'judging-campaigns-concurrently';

type CampaignOutcome = { report: CampaignStageReport } | { failure: string };

/**
 * Score, qualify or route every campaign, up to `concurrency` at once: each campaign is one activity in the
 * stage's service, paging through its leads. Campaigns are reported in list order, whatever order they finish
 * in. One campaign's failure degrades the stage, not the run.
 */
export async function runJudgingStage(stage: JudgingStageName, campaigns: CampaignRef[], runId: string, now: () => number, concurrency: number): Promise<StageReport> {
  const started = now();
  // A run whose history predates the patch keeps judging one campaign at a time.
  const atOnce = patched(JUDGING_CAMPAIGNS_CONCURRENTLY) ? concurrency : 1;
  const outcomes = await mapBounded(campaigns, atOnce, async (campaign): Promise<CampaignOutcome> => {
    try {
      return { report: await activityFor[stage]({ campaignId: campaign.id, runId }) };
    } catch (err) {
      return { failure: describeFailure(err) };
    }
  });

  const counts: Record<string, number> = { campaigns: campaigns.length, processed: 0 };
  const problems: string[] = [];
  let failed = 0;
  let degraded = false;
  campaigns.forEach((campaign, i) => {
    const outcome = outcomes[i];
    if ('failure' in outcome) {
      failed++;
      problems.push(`${campaign.id}: ${stage} failed: ${outcome.failure}`);
      return;
    }
    const { report } = outcome;
    counts.processed += report.processed;
    for (const [k, v] of Object.entries(report.counts)) counts[k] = (counts[k] ?? 0) + v;
    if (report.status === 'degraded') {
      degraded = true;
      problems.push(...report.problems.map((p) => `${campaign.id}: ${p}`));
    }
  });
  return stageOutcome(stage, { campaigns: campaigns.length, failed, degraded, started, finished: now(), counts, problems });
}

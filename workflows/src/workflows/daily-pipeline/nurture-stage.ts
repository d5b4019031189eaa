import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, WorkflowIdReusePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import {
  SearchAttribute,
  TaskQueue,
  leadNurtureWorkflow,
  nurtureWorkflowId,
  type AdmitEnrolmentsPage,
  type CampaignRef,
  type LeadNurtureInput,
  type LeadNurtureWorkflow,
  type NurtureActivities,
  type StageReport,
} from '#libs/contracts';
import { mapBounded } from './bounded.js';
import { describeFailure, stageOutcome } from './stage-outcome.js';

const admission = proxyActivities<Pick<NurtureActivities, 'admitEnrolments'>>({
  taskQueue: TaskQueue.nurture,
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
});

/** Enrolments asked for per admission call, and child starts in flight at once. */
export const NURTURE_ADMIT_PAGE = 200;
export const NURTURE_START_CONCURRENCY = 20;
/**
 * Child starts one run makes at most. Each costs the run's history about three events; mailbox capacity already
 * keeps a day's admissions in the hundreds per campaign, and this keeps the run far below Temporal's history
 * limits even for many campaigns. Admitted leads not started yet are returned again by the next run.
 */
export const NURTURE_STARTS_PER_RUN = 5_000;

/** Admission counts that describe the campaign's state after the call (not this call's work): the last one counts. */
const SNAPSHOT_COUNTS = new Set(['queued', 'dailyLimit', 'admittedToday']);

type StartOutcome = 'started' | 'alreadyEnrolled' | { failure: string };

/** One child per (lead, campaign), outliving the run; a second start of the same id counts as already enrolled. */
async function startEnrolment(item: LeadNurtureInput): Promise<StartOutcome> {
  try {
    await startChild<LeadNurtureWorkflow>(leadNurtureWorkflow.workflowType, {
      workflowId: nurtureWorkflowId(item.campaignId, item.leadId),
      taskQueue: leadNurtureWorkflow.taskQueue,
      args: [item],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      // One enrolment per (campaign, lead) ever: a finished sequence is not started again by a later run.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      searchAttributes: {
        [SearchAttribute.LeadId.name]: [item.leadId],
        [SearchAttribute.CampaignId.name]: [item.campaignId],
        [SearchAttribute.Tier.name]: [item.tier],
        [SearchAttribute.SequenceStep.name]: [0],
        [SearchAttribute.NurtureStatus.name]: ['admitted'],
      },
      memo: { ...item.memo },
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'alreadyEnrolled';
    return { failure: describeFailure(err) };
  }
}

/**
 * Enrol each campaign's admitted leads: the nurture service admits today's share by capacity (the rest stay
 * queued), and each admitted lead gets its own `leadNurture` workflow. Campaigns one after another, starts in
 * bounded batches, so the run's history grows with the day's admissions only.
 */
export async function runNurtureStage(campaigns: CampaignRef[], runId: string, now: () => number): Promise<StageReport> {
  const started = now();
  // The service's admission counts (newlyQueued, admitted, queued, dailyLimit, …) summed over campaigns, beside the
  // stage's own: enrolments handed over to start, and how each start went.
  const counts: Record<string, number> = { campaigns: campaigns.length, admitted: 0, toStart: 0, started: 0, alreadyEnrolled: 0, startFailed: 0, queued: 0, campaignsLeftForNextRun: 0 };
  const problems: string[] = [];
  let failed = 0;
  let degraded = false;
  let budget = NURTURE_STARTS_PER_RUN;

  for (const campaign of campaigns) {
    try {
      let after: string | null = null;
      const snapshot: Record<string, number> = {};
      do {
        if (budget <= 0) {
          counts.campaignsLeftForNextRun++;
          break;
        }
        const page: AdmitEnrolmentsPage = await admission.admitEnrolments({ campaignId: campaign.id, runId, limit: Math.min(NURTURE_ADMIT_PAGE, budget), after, now: new Date(now()).toISOString() });
        budget -= page.items.length;
        counts.toStart += page.items.length;
        for (const [k, v] of Object.entries(page.counts)) {
          if (SNAPSHOT_COUNTS.has(k)) snapshot[k] = v;
          else counts[k] = (counts[k] ?? 0) + v;
        }
        const outcomes = await mapBounded(page.items, NURTURE_START_CONCURRENCY, startEnrolment);
        outcomes.forEach((o, i) => {
          if (o === 'started' || o === 'alreadyEnrolled') counts[o]++;
          else {
            counts.startFailed++;
            degraded = true;
            problems.push(`${campaign.id}: lead ${page.items[i].leadId} not enrolled: ${o.failure}`);
          }
        });
        after = page.next;
      } while (after);
      for (const [k, v] of Object.entries(snapshot)) counts[k] = (counts[k] ?? 0) + v;
    } catch (err) {
      failed++;
      problems.push(`${campaign.id}: nurture admission failed: ${describeFailure(err)}`);
    }
  }
  return stageOutcome('nurture', { campaigns: campaigns.length, failed, degraded, started, finished: now(), counts, problems });
}

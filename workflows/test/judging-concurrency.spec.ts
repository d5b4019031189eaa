import { dailyPipelineWorkflow, type CampaignStageInput, type CampaignStageReport, type DailyPipelineInput, type StageReport } from '#libs/contracts';
import { startWorkflow } from '#libs/temporal';
import { maybeRecordHistory, TaskQueue, useTimeSkippingTemporal, withWorkers } from '../../test/workflow-env/time-skipping.js';

// Score, qualify and route work on several campaigns at once, up to the run's bound, and report them in campaign
// order whatever order they finish in. Activities are test functions that take real time, so overlaps are real.

const campaigns = [
  { id: 'acme-q3', name: 'Acme Q3 outbound', ms: 300 },
  { id: 'fjord-dach', name: 'Fjord DACH', ms: 50 },
  { id: 'rocket-smb', name: 'Rocket SMB', ms: 150 },
];

const temporal = useTimeSkippingTemporal();

/** Test activities: each campaign's judging takes its own time; the widest overlap per stage is kept. */
function judgingActivities() {
  const inFlight: Record<string, number> = {};
  const widest: Record<string, number> = {};
  const finished: Record<string, string[]> = {};
  const judge = (stage: string) => async ({ campaignId }: CampaignStageInput): Promise<CampaignStageReport> => {
    inFlight[stage] = (inFlight[stage] ?? 0) + 1;
    widest[stage] = Math.max(widest[stage] ?? 0, inFlight[stage]);
    await new Promise((r) => setTimeout(r, campaigns.find((c) => c.id === campaignId)!.ms));
    inFlight[stage]--;
    (finished[stage] ??= []).push(campaignId);
    return { campaignId, status: 'degraded', processed: 2, counts: { [stage]: 1 }, problems: [`${stage} note`] };
  };
  const recorded: StageReport[] = [];
  return {
    widest,
    finished,
    recorded,
    activities: {
      [TaskQueue.campaigns]: {
        listActiveCampaigns: async () => campaigns.map(({ id, name }) => ({ id, name })),
        recordRunStarted: async () => undefined,
        recordStage: async ({ report }: { report: StageReport }) => void recorded.push(report),
        recordRunFinished: async () => undefined,
      },
      [TaskQueue.scoring]: { scoreCampaign: judge('score') },
      [TaskQueue.qualification]: { qualifyCampaign: judge('qualify') },
      [TaskQueue.routing]: { routeCampaign: judge('route') },
    },
  };
}

async function run(workflowId: string, judgingConcurrency: number | undefined, recordAs?: string) {
  const t = judgingActivities();
  const at = '00:00';
  const input: DailyPipelineInput = {
    trigger: 'manual',
    timeZone: 'UTC',
    runImmediately: true,
    stages: { harvest: { enabled: false, at }, score: { enabled: true, at }, qualify: { enabled: true, at }, route: { enabled: true, at } },
    ...(judgingConcurrency === undefined ? {} : { judgingConcurrency }),
  };
  const handle = await startWorkflow(temporal.env.client, dailyPipelineWorkflow, { workflowId, args: [input] });
  const report = await withWorkers(temporal.env, { workflowBundle: temporal.workflowBundle, activities: t.activities }, () => handle.result());
  if (recordAs) await maybeRecordHistory(temporal.env, workflowId, handle.firstExecutionRunId, recordAs);
  return { report, ...t };
}

describe('judging stages across campaigns', () => {
  it('judges up to the bound at once and reports campaigns in their order, not the order they finished', async () => {
    const { report, widest, finished } = await run('judging-bound-2', 2);
    expect(widest).toEqual({ score: 2, qualify: 2, route: 2 });
    // The fast campaign finished first, yet problems follow the campaign list.
    expect(finished.score![0]).toBe('fjord-dach');
    const score = report.stages.find((s) => s.stage === 'score')!;
    expect(score.problems).toEqual(['acme-q3: score note', 'fjord-dach: score note', 'rocket-smb: score note']);
    expect(score.counts).toEqual({ campaigns: 3, processed: 6, score: 3 });
    expect(report.stages.map((s) => [s.stage, s.status])).toEqual([
      ['harvest', 'skipped'],
      ['score', 'degraded'],
      ['qualify', 'degraded'],
      ['route', 'degraded'],
    ]);
  });

  it('takes every campaign at once by default when there are no more than four', async () => {
    const { widest } = await run('judging-default-bound', undefined, 'daily-pipeline-judging-concurrently');
    expect(widest).toEqual({ score: 3, qualify: 3, route: 3 });
  });

  it('with a bound of one judges campaigns one after another', async () => {
    const { widest, finished } = await run('judging-bound-1', 1);
    expect(widest).toEqual({ score: 1, qualify: 1, route: 1 });
    expect(finished.route).toEqual(['acme-q3', 'fjord-dach', 'rocket-smb']);
  });
});

import { dailyPipelineWorkflow, type CampaignStageReport, type DailyPipelineInput, type StageReport } from '#libs/contracts';
import { localParts, localToUtc } from '#libs/pipeline-clock';
import { startWorkflow } from '#libs/temporal';
import { eventTypes, maybeRecordHistory, scheduledStartTime, TaskQueue, useTimeSkippingTemporal, withWorkers } from '../../test/workflow-env/time-skipping.js';

// A scheduled run of the daily pipeline against a clock that skips ahead: the stage times of a whole night take
// seconds. Activities are test functions; what is under test is when the workflow starts each stage.

const timeZone = 'Europe/Berlin';
const stageTimes = { harvest: '02:00', score: '03:00', qualify: '03:30', route: '04:00' } as const;
const HOUR = 3_600_000;

const temporal = useTimeSkippingTemporal();

/** The test server's clock moved forward to `hh:mm` local time on the next calendar day; returns that instant. */
async function skipToTomorrow(hhmm: string): Promise<number> {
  const tomorrow = localParts((await temporal.env.currentTimeMs()) + 24 * HOUR, timeZone);
  const [hour, minute] = hhmm.split(':').map(Number);
  const at = localToUtc({ ...tomorrow, hour, minute, second: 0 }, timeZone);
  await temporal.env.sleep(at - (await temporal.env.currentTimeMs()));
  return at;
}

/** Local "HH:MM" of an ISO instant in the pipeline's zone. */
function localTime(iso: string): string {
  const p = localParts(Date.parse(iso), timeZone);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** Test activities for one active campaign where every stage succeeds; keeps what the workflow recorded. */
function pipelineActivities() {
  const recorded: StageReport[] = [];
  const done = (campaignId: string): CampaignStageReport => ({ campaignId, status: 'completed', processed: 3, counts: {}, problems: [] });
  return {
    recorded,
    activities: {
      [TaskQueue.campaigns]: {
        listActiveCampaigns: async () => [{ id: 'acme-q3', name: 'Acme Q3 outbound' }],
        recordRunStarted: async () => undefined,
        recordStage: async ({ report }: { report: StageReport }) => void recorded.push(report),
        recordRunFinished: async () => undefined,
      },
      [TaskQueue.harvest]: {
        harvestCampaign: async ({ campaignId }: { campaignId: string }) => ({ campaignId, status: 'completed', created: 3, merged: 0, rejected: 0, sources: [] }),
      },
      [TaskQueue.scoring]: { scoreCampaign: async ({ campaignId }: { campaignId: string }) => done(campaignId) },
      [TaskQueue.qualification]: { qualifyCampaign: async ({ campaignId }: { campaignId: string }) => done(campaignId) },
      [TaskQueue.routing]: { routeCampaign: async ({ campaignId }: { campaignId: string }) => done(campaignId) },
    },
  };
}

const scheduledInput: DailyPipelineInput = {
  trigger: 'schedule',
  timeZone,
  runImmediately: false,
  stages: Object.fromEntries(Object.entries(stageTimes).map(([stage, at]) => [stage, { enabled: true, at }])),
};

async function runScheduled(workflowId: string, slot: number) {
  const { recorded, activities } = pipelineActivities();
  const handle = await startWorkflow(temporal.env.client, dailyPipelineWorkflow, {
    workflowId,
    args: [scheduledInput],
    typedSearchAttributes: [{ key: scheduledStartTime, value: new Date(slot) }],
  });
  const report = await withWorkers(temporal.env, { workflowBundle: temporal.workflowBundle, activities }, () => handle.result());
  const events = await eventTypes(temporal.env, workflowId, handle.firstExecutionRunId);
  return { report, recorded, events, runId: handle.firstExecutionRunId };
}

describe('a scheduled daily pipeline run', () => {
  it('waits for each stage’s local start time', async () => {
    const slot = await skipToTomorrow('01:00');
    const { report, recorded, events, runId } = await runScheduled('daily-pipeline/scheduled/on-time', slot);

    expect(report.status).toBe('completed');
    expect(report.stages.map((s) => [s.stage, localTime(s.startedAt)])).toEqual(Object.entries(stageTimes));
    expect(recorded.map((s) => s.stage)).toEqual(['harvest', 'score', 'qualify', 'route']);
    expect(events.filter((e) => e === 'EVENT_TYPE_TIMER_STARTED')).toHaveLength(4);
    await maybeRecordHistory(temporal.env, 'daily-pipeline/scheduled/on-time', runId, 'daily-pipeline-scheduled-stage-times');
  }, 60_000);

  it('runs its stages back to back when it starts more than an hour after its slot (catch-up, backfill)', async () => {
    const now = await skipToTomorrow('01:00');
    const yesterdaysSlot = now - 24 * HOUR;
    const { report, events, runId } = await runScheduled('daily-pipeline/scheduled/late', yesterdaysSlot);

    expect(report.status).toBe('completed');
    // Nothing waits for today's 02:00: every stage starts in the same minute the run did.
    expect(report.stages.map((s) => [s.stage, localTime(s.startedAt)])).toEqual(Object.keys(stageTimes).map((stage) => [stage, '01:00']));
    expect(events).not.toContain('EVENT_TYPE_TIMER_STARTED');
    await maybeRecordHistory(temporal.env, 'daily-pipeline/scheduled/late', runId, 'daily-pipeline-late-catch-up');
  }, 60_000);
});

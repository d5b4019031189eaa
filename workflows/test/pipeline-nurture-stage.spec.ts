import { dailyPipelineWorkflow, leadNurtureWorkflow, nurtureStatusQuery, nurtureWorkflowId, type DailyPipelineInput, type StageReport } from '#libs/contracts';
import { startWorkflow, workflowHandle } from '#libs/temporal';
import { maybeRecordHistory, TaskQueue, useTimeSkippingTemporal, withWorkers } from '../../test/workflow-env/time-skipping.js';
import { enrolmentInput, fakeNurture, testCalendar } from './nurture-fakes.js';

// The daily pipeline's nurture stage: the nurture service admits today's share of routed leads and the stage
// starts one `leadNurture` child per lead. Two runs triggered at once (two API replicas, a schedule and a
// run-now) must still start exactly one enrolment per lead.

const temporal = useTimeSkippingTemporal();

const leads = ['lead-ana', 'lead-bruno', 'lead-carla', 'lead-dario', 'lead-elena', 'lead-fabio', 'lead-gala'];

const input: DailyPipelineInput = {
  trigger: 'manual',
  campaignId: 'acme-q3',
  timeZone: 'UTC',
  runImmediately: true,
  stages: { nurture: { enabled: true, at: '06:00' } },
};

describe('the daily pipeline’s nurture stage', () => {
  it('starts exactly one enrolment per lead when triggered twice at once, and the enrolments outlive the runs', async () => {
    const recorded: StageReport[] = [];
    const nurture = fakeNurture({ admissions: { 'acme-q3': leads.map((id) => enrolmentInput(id)) } });
    const activities = {
      [TaskQueue.campaigns]: {
        listActiveCampaigns: async () => [{ id: 'acme-q3', name: 'Acme Q3 outbound' }],
        recordRunStarted: async () => undefined,
        recordStage: async ({ report }: { report: StageReport }) => void recorded.push(report),
        recordRunFinished: async () => undefined,
      },
      [TaskQueue.nurture]: nurture.activities,
      [TaskQueue.workflows]: testCalendar().activities,
    };
    const runs = await Promise.all(['first', 'second'].map((n) => startWorkflow(temporal.env.client, dailyPipelineWorkflow, { workflowId: `daily-pipeline/nurture-${n}`, args: [input] })));

    const reports = await withWorkers(temporal.env, { workflowBundle: temporal.workflowBundle, activities }, async () => {
      const results = await Promise.all(runs.map((r) => r.result()));
      // The runs are over; every enrolment is still open (ParentClosePolicy.ABANDON) and answers its status.
      for (const leadId of leads) {
        const child = workflowHandle(temporal.env.client, leadNurtureWorkflow, nurtureWorkflowId('acme-q3', leadId));
        const described = await child.describe();
        expect(described.status.name).toBe('RUNNING');
        expect(described.memo).toMatchObject({ displayName: `Lead ${leadId}`, owner: 'carmen' });
        expect(described.searchAttributes).toMatchObject({ LeadId: [leadId], CampaignId: ['acme-q3'], Tier: ['hot'] });
        expect((await child.query(nurtureStatusQuery)).leadId).toBe(leadId);
      }
      return results;
    });

    const stages = reports.map((r) => r.stages.find((s) => s.stage === 'nurture')!);
    expect(reports.map((r) => r.status)).toEqual(['completed', 'completed']);
    expect(stages.map((s) => [s.counts.admitted, s.counts.toStart])).toEqual([
      [leads.length, leads.length],
      [leads.length, leads.length],
    ]);
    // Seven leads admitted by both runs; seven enrolments started between them, the rest already enrolled.
    expect(stages.reduce((n, s) => n + s.counts.started, 0)).toBe(leads.length);
    expect(stages.reduce((n, s) => n + s.counts.alreadyEnrolled, 0)).toBe(leads.length);
    expect(stages.map((s) => s.counts.queued)).toEqual([7, 7]);
    expect(recorded.map((s) => s.stage)).toEqual(['nurture', 'nurture']);
    // Each enrolment planned its first step once: one workflow per lead, not two.
    expect(nurture.calls.plans.filter((p) => p.step === 0).map((p) => p.enrolmentId).sort()).toEqual(leads.map((id) => `enr-acme-q3-${id}`).sort());
    await maybeRecordHistory(temporal.env, 'daily-pipeline/nurture-first', runs[0].firstExecutionRunId, 'daily-pipeline-nurture-stage');

    for (const leadId of leads) await temporal.env.client.workflow.getHandle(nurtureWorkflowId('acme-q3', leadId)).terminate('test over');
  }, 120_000);

  it('reports an admission that keeps failing as a failed stage and the run as degraded', async () => {
    const nurture = fakeNurture({ admissions: { 'acme-q3': [] } });
    let calls = 0;
    const activities = {
      [TaskQueue.campaigns]: {
        listActiveCampaigns: async () => [{ id: 'acme-q3', name: 'Acme Q3 outbound' }],
        recordRunStarted: async () => undefined,
        recordStage: async () => undefined,
        recordRunFinished: async () => undefined,
      },
      [TaskQueue.nurture]: {
        ...nurture.activities,
        admitEnrolments: async () => {
          calls++;
          throw new Error('nurture database unavailable');
        },
      },
    };
    const run = await startWorkflow(temporal.env.client, dailyPipelineWorkflow, { workflowId: 'daily-pipeline/nurture-failing', args: [input] });
    const report = await withWorkers(temporal.env, { workflowBundle: temporal.workflowBundle, activities }, () => run.result());
    const stage = report.stages.find((s) => s.stage === 'nurture')!;
    expect(report.status).toBe('degraded');
    expect(stage.status).toBe('failed');
    expect(stage.problems).toEqual(['acme-q3: nurture admission failed: nurture database unavailable']);
    expect(calls).toBe(5);
  }, 120_000);
});

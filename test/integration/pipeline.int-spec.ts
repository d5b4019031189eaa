import { Client, Connection, ScheduleOverlapPolicy } from '@temporalio/client';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PIPELINE_SCHEDULE_ID, dailyPipelineWorkflow, type PipelineRunReport } from '#libs/contracts';
import { workflowHandle } from '#libs/temporal';
import { startPeopleSearchServer, type PeopleSearchServer } from '../../tools/dev-fakes/people-search/people-search.fake-server.js';
import { api, eventually, testStack } from '../setup/test-stack.js';
import { maybeRecordHistory } from './record-history.js';

interface RunView {
  runId: string;
  workflowId: string;
  trigger: string;
  status: string;
  stages: Array<{ stage: string; status: string; counts: Record<string, number>; problems: string[]; durationMs: number }>;
}

let client: Client;
let peopleSearch: PeopleSearchServer;

beforeAll(async () => {
  const stack = testStack();
  client = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }), namespace: stack.namespace });
  peopleSearch = await startPeopleSearchServer({ port: stack.peopleSearchPort, apiKey: 'it-key', people: 30 });
  for (const id of ['it-pipeline', 'it-watch', 'it-degraded']) {
    expect((await api('/campaigns', { method: 'POST', json: { id, name: id } })).status).toBe(201);
  }
});

afterAll(async () => {
  await peopleSearch?.close();
  await client?.connection.close();
});

async function runNow(campaignId: string, recordAs?: string): Promise<{ report: PipelineRunReport; run: RunView }> {
  const started = await api<{ workflowId: string; runId: string }>('/pipeline/runs', { method: 'POST', json: { campaignId } });
  expect(started.status).toBe(202);
  const report = await workflowHandle(client, dailyPipelineWorkflow, started.body.workflowId).result();
  const run = await api<RunView>(`/pipeline/runs/${started.body.runId}`);
  expect(run.status).toBe(200);
  if (recordAs) await maybeRecordHistory(started.body.workflowId, recordAs);
  return { report, run: run.body };
}

describe('the daily pipeline', () => {
  it('is scheduled daily at the harvest time, skipping overlaps', async () => {
    const schedule = await client.schedule.getHandle(PIPELINE_SCHEDULE_ID).describe();
    expect(schedule.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 2, end: 2, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] });
    expect(schedule.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    const viaApi = await api<{ nextRuns: string[] }>('/pipeline/schedule');
    expect(viaApi.status).toBe(200);
    expect(new Date(viaApi.body.nextRuns[0]).getUTCHours()).toBe(2);
  });

  it('runs now for one campaign: harvests from people search and records the run', async () => {
    const { report, run } = await runNow('it-pipeline', 'daily-pipeline-completed');
    expect(report.status).toBe('completed');
    expect(run.status).toBe('completed');
    expect(run.trigger).toBe('manual');
    expect(run.stages.map((s) => [s.stage, s.status])).toEqual([
      ['harvest', 'completed'],
      ['score', 'completed'],
      ['qualify', 'completed'],
      ['route', 'completed'],
      ['nurture', 'completed'],
    ]);
    expect(run.stages[0]).toMatchObject({ stage: 'harvest', status: 'completed', counts: { campaigns: 1, created: 30 } });
    const leads = await api<{ items: Array<{ country: string; region: string | null }> }>('/leads?campaignId=it-pipeline&source=people-search&limit=100');
    expect(leads.body.items).toHaveLength(30);
    // The people-search state names become ISO 3166-2 regions (the London people have none).
    expect(new Set(leads.body.items.map((l) => `${l.country} ${l.region}`))).toEqual(new Set(['DE DE-BE', 'GB null', 'US US-TX']));
    const history = await api<RunView[]>('/pipeline/runs?limit=5');
    expect(history.body.map((r) => r.runId)).toContain(run.runId);
  });

  it('sweeps files waiting in the drop folder during the run, like the demo sample on first start', async () => {
    // The global setup left seed.csv in it-sweep's folder before the harvest service started watching.
    expect((await api('/campaigns', { method: 'POST', json: { id: 'it-sweep', name: 'sweep' } })).status).toBe(201);
    expect((await api('/campaigns/it-sweep/sources', { method: 'PUT', json: { sources: [{ source: 'drop-folder', enabled: true }] } })).status).toBe(200);
    const first = await runNow('it-sweep', 'daily-pipeline-drop-folder-sweep');
    expect(first.run.stages[0]).toMatchObject({ status: 'completed', counts: { created: 3, rejected: 1 } });
    const second = await runNow('it-sweep');
    expect(second.run.stages[0]).toMatchObject({ status: 'completed', counts: { created: 0, rejected: 0 } });
    const leads = await api<{ items: Array<{ email: string }> }>('/leads?campaignId=it-sweep');
    expect(leads.body.items.map((l) => l.email).sort()).toEqual(['a@sweep.example', 'b@sweep.example', 'c@sweep.example']);
  });

  it('imports a file the moment it lands in a watched drop folder', async () => {
    const dir = join(testStack().dropDir, 'it-watch');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'fresh.csv'), 'email,company\nmae@jemison.example,Space Co\nbad-row\n');
    const job = await eventually(async () => {
      const list = await api<Array<{ status: string; counts: { imported: number; rejected: number; total: number } }>>('/imports?campaignId=it-watch');
      return list.body[0]?.status === 'completed' ? list.body[0] : undefined;
    }, 'the dropped file to be imported', 30_000);
    expect(job.counts).toEqual(expect.objectContaining({ total: 2, imported: 1, rejected: 1 }));
  });

  it('ends degraded, naming the failing source, when people search is down', async () => {
    peopleSearch.set({ status: 503 });
    try {
      const { report, run } = await runNow('it-degraded', 'daily-pipeline-degraded');
      expect(report.status).toBe('degraded');
      expect(run.status).toBe('degraded');
      expect(run.stages[0].status).toBe('degraded');
      expect(run.stages[0].problems.join(' ')).toMatch(/it-degraded: people-search failed/);
    } finally {
      peopleSearch.set({ status: undefined });
    }
  });

  it('opens the circuit after repeated failures and then skips the source without calling it', async () => {
    expect((await api('/campaigns', { method: 'POST', json: { id: 'it-breaker', name: 'breaker' } })).status).toBe(201);
    peopleSearch.set({ status: 503 });
    try {
      for (let run = 1; run <= 3; run++) {
        const { run: view } = await runNow('it-breaker');
        expect(view.stages[0].problems.join(' ')).toMatch(/it-breaker: people-search failed/);
      }
      const callsBefore = peopleSearch.requests.length;
      const { run: view } = await runNow('it-breaker');
      expect(view.status).toBe('degraded');
      expect(view.stages[0].problems.join(' ')).toMatch(/it-breaker: people-search skipped-circuit-open: retry after /);
      expect(peopleSearch.requests.length).toBe(callsBefore);
    } finally {
      peopleSearch.set({ status: undefined });
    }
  });

  it('refuses to run an unknown campaign', async () => {
    const res = await api<{ code: string }>('/pipeline/runs', { method: 'POST', json: { campaignId: 'no-such-campaign' } });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('campaign_not_found');
  });
});

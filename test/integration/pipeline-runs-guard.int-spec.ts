import { Client, Connection } from '@temporalio/client';
import { dailyPipelineWorkflow } from '#libs/contracts';
import { workflowHandle } from '#libs/temporal';
import { api, testStack } from '../setup/test-stack.js';

/** Manual pipeline runs: one per campaign (and one all-campaigns run) at a time, and nothing but a valid body starts one. */

let client: Client;
const campaign = 'it-run-guard';

beforeAll(async () => {
  const stack = testStack();
  client = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }), namespace: stack.namespace });
  expect((await api('/campaigns', { method: 'POST', json: { id: campaign, name: campaign } })).status).toBe(201);
});

afterAll(async () => {
  await client?.connection.close();
});

type Started = { workflowId: string; runId: string };
type Refusal = { code: string; message: string; details: Array<{ field?: string; message: string }> };

const runCount = async () => (await api<unknown[]>('/pipeline/runs?limit=200')).body.length;
const manualWorkflows = () => client.workflow.count(`WorkflowType = '${dailyPipelineWorkflow.workflowType}'`).then((c) => c.count);

describe('manual pipeline runs', () => {
  it('runs one manual run per campaign at a time: the others get 409 naming the running run, and it can be read at once', async () => {
    const answers = await Promise.all(Array.from({ length: 4 }, () => api<Started & Refusal>('/pipeline/runs', { method: 'POST', json: { campaignId: campaign } })));
    const started = answers.filter((a) => a.status === 202);
    const refused = answers.filter((a) => a.status === 409);
    expect(started).toHaveLength(1);
    expect(refused).toHaveLength(3);
    const { workflowId, runId } = started[0].body;
    for (const r of refused) {
      expect(r.body.code).toBe('run_in_progress');
      expect(r.body.message).toContain(workflowId);
      expect(r.body.message).toContain(runId);
    }
    // Accepted means findable, even before the workflow's first activity has written anything.
    const found = await api<{ runId: string; status: string }>(`/pipeline/runs/${runId}`);
    expect(found.status).toBe(200);
    expect(found.body.runId).toBe(runId);

    await workflowHandle(client, dailyPipelineWorkflow, workflowId, runId).result();
    const again = await api<Started>('/pipeline/runs', { method: 'POST', json: { campaignId: campaign } });
    expect(again.status).toBe(202);
    expect(again.body.workflowId).toBe(workflowId);
    expect(again.body.runId).not.toBe(runId);
    await workflowHandle(client, dailyPipelineWorkflow, workflowId, again.body.runId).result();
  });

  it('runs one all-campaigns run at a time', async () => {
    const answers = await Promise.all([0, 1].map(() => api<Started & Refusal>('/pipeline/runs', { method: 'POST', json: {} })));
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
    const started = answers.find((a) => a.status === 202)!.body;
    expect(answers.find((a) => a.status === 409)!.body.message).toContain(started.runId);
    await workflowHandle(client, dailyPipelineWorkflow, started.workflowId, started.runId).result();
  });

  const json = (body: string) => ({ body, headers: { 'content-type': 'application/json' } });
  const malformed: Array<[string, string, RequestInit, number]> = [
    ['null campaign id', '', json('{"campaignId": null}'), 400],
    ['constructor key', '', json('{"constructor": {"prototype": {"campaignId": "x"}}}'), 400],
    ['__proto__ key', '', json(`{"__proto__": {"campaignId": "${campaign}"}}`), 400],
    ['XML as XML', '', { body: `<run><campaignId>${campaign}</campaignId></run>`, headers: { 'content-type': 'application/xml' } }, 415],
    ['XML labelled JSON', '', json(`<run><campaignId>${campaign}</campaignId></run>`), 400],
    ['text/plain JSON', '', { body: '{}', headers: { 'content-type': 'text/plain' } }, 415],
    ['urlencoded', '', { body: `campaignId=${campaign}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415],
    ['junk query parameter', '?dryRun=true', json('{}'), 400],
    ['campaign id as query parameter', `?campaignId=${campaign}`, json('{}'), 400],
    ['array', '', json(`[{"campaignId": "${campaign}"}]`), 400],
    ['number', '', json('42'), 400],
    ['bare string', '', json(`"${campaign}"`), 400],
    ['JSON null', '', json('null'), 400],
    ['unknown key', '', json(`{"campaignId": "${campaign}", "force": true}`), 400],
    ['empty campaign id', '', json('{"campaignId": ""}'), 400],
    ['too long campaign id', '', json(`{"campaignId": "${'a'.repeat(64)}"}`), 400],
    ['campaign id as a number', '', json('{"campaignId": 7}'), 400],
    ['campaign id as an operator object', '', json('{"campaignId": {"$ne": null}}'), 400],
    ['campaign id as an array', '', json(`{"campaignId": ["${campaign}"]}`), 400],
    ['campaign id with spaces', '', json('{"campaignId": "Not An Id"}'), 400],
  ];

  it(`refuses ${malformed.length} malformed requests and starts no run for any of them`, async () => {
    const runsBefore = await runCount();
    const workflowsBefore = await manualWorkflows();
    const answers: Array<[string, number]> = [];
    for (const [name, query, init] of malformed) answers.push([name, (await api(`/pipeline/runs${query}`, { method: 'POST', ...init })).status]);
    expect(answers).toEqual(malformed.map(([name, , , status]) => [name, status]));
    expect(await runCount()).toBe(runsBefore);
    // Visibility lags a little; a wrongly started run would have shown up within this wait.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await manualWorkflows()).toBe(workflowsBefore);
  });
});

import { Client, Connection } from '@temporalio/client';
import { dailyPipelineWorkflow, hotLeadSlaWorkflow, hotLeadSlaWorkflowId } from '#libs/contracts';
import { startWorkflow, workflowHandle } from '#libs/temporal';
import { api, eventually, testStack } from '../setup/test-stack.js';
import { maybeRecordHistory } from './record-history.js';

// Score, qualify and route through Temporal with the real services, on leads imported through the API.
const campaign = 'it-stages';
const csv = [
  'Email,First Name,Last Name,Title,Company,Company Domain,Industry,Employees,Country,Technologies,Notes',
  'vera@rocket.example,Vera,Rubin,VP Sales,Rocket Software,rocket.example,Software,250,US,Salesforce;HubSpot,asked for pricing and a demo',
  'olaf@fjord.example,Olaf,Berg,Head of Marketing,Fjord Cloud,fjord.example,Software,1800,DE,Marketo,',
  'info@rocket.example,,,,Rocket Software,rocket.example,Software,250,US,,',
  'sam@gone.example,Sam,Gone,Engineer,Gone Inc,gone.example,Retail,5,BR,,student looking for a job',
  'kim@competitor.example,Kim,Park,CEO,Competitor,competitor.example,Software,300,US,,',
].join('\n');

interface RunView {
  runId: string;
  status: string;
  stages: Array<{ stage: string; status: string; counts: Record<string, number>; problems: string[] }>;
}
interface Journey {
  score: { score: number; tier: string; ruleSetVersion: number; contributions: Array<{ ruleId: string; points: number; reason: string }> } | null;
  qualification: { decision: string; reasons: Array<{ code: string; message: string }>; email: { verdict: string; reasons: Array<{ code: string }> } } | null;
  route: { outcome: string; ownerId: string | null; sequenceId: string | null; reasons: unknown[] } | null;
}

let client: Client;
const leadIds = new Map<string, string>();

async function runNow(recordAs?: string): Promise<RunView> {
  const started = await api<{ workflowId: string; runId: string }>('/pipeline/runs', { method: 'POST', json: { campaignId: campaign } });
  expect(started.status).toBe(202);
  await workflowHandle(client, dailyPipelineWorkflow, started.body.workflowId).result();
  if (recordAs) await maybeRecordHistory(started.body.workflowId, recordAs);
  return (await api<RunView>(`/pipeline/runs/${started.body.runId}`)).body;
}

const journey = async (email: string) => (await api<Journey>(`/leads/${leadIds.get(email)}/journey?campaignId=${campaign}`)).body;

beforeAll(async () => {
  const stack = testStack();
  client = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }), namespace: stack.namespace });
  expect((await api('/campaigns', { method: 'POST', json: { id: campaign, name: 'Stages' } })).status).toBe(201);
  // Nothing from people search for this campaign: only files.
  expect((await api(`/campaigns/${campaign}/sources`, { method: 'PUT', json: { sources: [{ source: 'drop-folder', enabled: true }] } })).status).toBe(200);
  expect((await api('/suppressions', { method: 'POST', json: { kind: 'domain', value: 'Competitor.example', reason: 'competitor' } })).status).toBe(201);
  const upload = await api<{ id: string }>(`/campaigns/${campaign}/imports?fileName=stages.csv`, { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } });
  expect(upload.status).toBe(202);
  await eventually(async () => ((await api<{ status: string }>(`/imports/${upload.body.id}`)).body.status === 'completed' ? true : undefined), 'the import');
  const leads = await api<{ items: Array<{ id: string; email: string }> }>(`/leads?campaignId=${campaign}&limit=50`);
  for (const l of leads.body.items) leadIds.set(l.email, l.id);
  expect(leadIds.size).toBe(5);
});

afterAll(() => client?.connection.close());

describe('score, qualify and route', () => {
  let first: RunView;

  it('runs every stage back to back on run-now, seeding starter rule sets for a new campaign', async () => {
    first = await runNow('daily-pipeline-all-stages');
    expect(first.status).toBe('completed');
    expect(first.stages.map((s) => [s.stage, s.status])).toEqual([
      ['harvest', 'completed'],
      ['score', 'completed'],
      ['qualify', 'completed'],
      ['route', 'completed'],
      ['nurture', 'completed'],
    ]);
    expect(first.stages[1].counts).toMatchObject({ campaigns: 1, processed: 5 });
    expect(first.stages[2].counts).toMatchObject({ processed: 5 });
    for (const kind of ['scoring', 'qualification', 'routing']) {
      const active = await api<{ version: number; status: string }>(`/campaigns/${campaign}/rule-sets/${kind}/active`);
      expect({ kind, version: active.body.version, status: active.body.status }).toEqual({ kind, version: 1, status: 'active' });
    }
  });

  it('explains a score with its contributions and the rule-set version', async () => {
    const { score } = await journey('vera@rocket.example');
    expect(score).not.toBeNull();
    expect(score!.ruleSetVersion).toBe(1);
    expect(score!.score).toBeGreaterThan(0);
    expect(score!.contributions.map((c) => c.ruleId)).toEqual(expect.arrayContaining(['exec-buyer', 'revenue-team']));
    expect(score!.contributions.every((c) => typeof c.reason === 'string' && c.reason.length > 0)).toBe(true);
    const weak = (await journey('sam@gone.example')).score!;
    expect(weak.score).toBeLessThan(score!.score);
  });

  it('qualifies with reasons: suppressed and non-existent domains never qualify, role accounts are risky', async () => {
    const suppressed = (await journey('kim@competitor.example')).qualification!;
    expect(suppressed.decision).toBe('rejected');
    expect(suppressed.reasons.map((r) => r.code)).toContain('suppressed-domain');
    const noMail = (await journey('sam@gone.example')).qualification!;
    expect(noMail.email.verdict).toBe('invalid');
    expect(noMail.decision).toBe('rejected');
    expect((await journey('info@rocket.example')).qualification!.email.verdict).toBe('risky');
    expect((await journey('vera@rocket.example')).qualification!.decision).toBe('qualified');
  });

  it('routes qualified leads to an owner and a sequence with a reason, and only those', async () => {
    const vera = (await journey('vera@rocket.example')).route;
    expect(vera).not.toBeNull();
    expect(vera!.reasons.length).toBeGreaterThan(0);
    if (vera!.outcome === 'enrol') {
      expect(vera!.ownerId).toEqual(expect.any(String));
      expect(vera!.sequenceId).toEqual(expect.any(String));
    }
    expect((await journey('kim@competitor.example')).route).toBeNull();
    expect((await journey('sam@gone.example')).route).toBeNull();
  });

  it('refuses a rule set with errors naming the rule and the field', async () => {
    const active = await api<{ ruleSet: { fit: { rules: Array<Record<string, unknown>> } } }>(`/campaigns/${campaign}/rule-sets/scoring/active`);
    const broken = structuredClone(active.body.ruleSet);
    broken.fit.rules[0] = { ...broken.fit.rules[0], field: 'shoeSize' };
    const res = await api<{ code: string; details: Array<{ field: string; message: string }> }>(`/campaigns/${campaign}/rule-sets/scoring`, { method: 'POST', json: broken });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('invalid_rule_set');
    expect(res.body.details[0].field).toMatch(/^fit\.rules\[/);
    expect(res.body.details[0].message).toMatch(/shoeSize|field/);
  });

  it('reports how tiers would move under a draft rule set before it is activated, then applies it', async () => {
    const active = await api<{ ruleSet: { tiers: Record<string, number> } }>(`/campaigns/${campaign}/rule-sets/scoring/active`);
    const saved = await api<{ version: number; status: string }>(`/campaigns/${campaign}/rule-sets/scoring`, { method: 'POST', json: { ...active.body.ruleSet, tiers: lowered(active.body.ruleSet.tiers) } });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ version: 2, status: 'draft' });
    const shadow = await api<{ total: number; moved: number; upgrades: number }>(`/campaigns/${campaign}/rule-sets/scoring/2/shadow-report`);
    expect(shadow.status).toBe(200);
    expect(shadow.body.total).toBe(5);
    expect(shadow.body.moved).toBeGreaterThan(0);
    expect(shadow.body.upgrades).toBe(shadow.body.moved);
    // Still version 1 until activated.
    expect((await journey('vera@rocket.example')).score!.ruleSetVersion).toBe(1);
    expect((await api(`/campaigns/${campaign}/rule-sets/scoring/2/activate`, { method: 'POST' })).status).toBe(200);
    const second = await runNow();
    expect(second.stages.find((s) => s.stage === 'score')!.counts.tierChanges).toBeGreaterThan(0);
    expect((await journey('vera@rocket.example')).score!.ruleSetVersion).toBe(2);
  });

  it('a hot lead gets an SLA timer: past due it is escalated or reassigned, and a touch stops it', async () => {
    const veraId = leadIds.get('vera@rocket.example')!;
    const route = (await api<{ outcome: string; tier: string; ownerId: string; sla: { dueAt: string; timerStarted: boolean } | null }>(`/leads/${veraId}/route?campaignId=${campaign}`)).body;
    expect(route).toMatchObject({ outcome: 'enrol', tier: 'hot' });
    expect(route.sla?.timerStarted).toBe(true);

    // The same SLA, but routed two hours ago: it is due at once and routing acts on it.
    const late = await startWorkflow(client, hotLeadSlaWorkflow, {
      workflowId: `${hotLeadSlaWorkflowId(campaign, veraId)}/late-${Date.now()}`,
      args: [{ campaignId: campaign, leadId: veraId, ownerId: route.ownerId, routedAt: new Date(Date.now() - 2 * 3600_000).toISOString(), slaMinutes: 60 }],
    });
    const firstRun = workflowHandle(client, hotLeadSlaWorkflow, late.workflowId, late.firstExecutionRunId);
    const status = await eventually(async () => {
      const s = (await firstRun.describe()).status.name;
      return s === 'RUNNING' ? undefined : s;
    }, 'the late SLA to fall due');
    expect(['COMPLETED', 'CONTINUED_AS_NEW']).toContain(status);
    const after = (await api<{ slaEvents: Array<{ action: string; fromOwner: string; toOwner: string | null; reason: string }> }>(`/leads/${veraId}/route?campaignId=${campaign}`)).body;
    expect(after.slaEvents.length).toBeGreaterThan(0);
    expect(['escalate', 'reassign']).toContain(after.slaEvents[0]!.action);
    expect(after.slaEvents[0]!.reason.length).toBeGreaterThan(0);
    if (status === 'CONTINUED_AS_NEW') await late.terminate('test done');
    await maybeRecordHistory(late.workflowId, 'hot-lead-sla-expired', late.firstExecutionRunId);

    // The real timer, started by routing: a touch through the API stops it.
    const touched = await api<{ slaTimerSignalled: boolean }>(`/leads/${veraId}/touch`, { method: 'POST', json: { campaignId: campaign, by: 'carmen' } });
    expect(touched.status).toBe(200);
    expect(touched.body.slaTimerSignalled).toBe(true);
    const outcome = await workflowHandle(client, hotLeadSlaWorkflow, hotLeadSlaWorkflowId(campaign, veraId)).result();
    expect(outcome.action).toBe('none');
    await maybeRecordHistory(hotLeadSlaWorkflowId(campaign, veraId), 'hot-lead-sla-touched');
  });

  it('records a skipped stage when the run turns it off', async () => {
    const workflowId = `daily-pipeline/it/${campaign}/skip-${Date.now()}`;
    const at = '00:00';
    const handle = await startWorkflow(client, dailyPipelineWorkflow, {
      workflowId,
      args: [
        {
          trigger: 'manual',
          campaignId: campaign,
          timeZone: 'UTC',
          runImmediately: true,
          stages: { harvest: { enabled: true, at }, score: { enabled: true, at }, qualify: { enabled: false, at }, route: { enabled: true, at } },
        },
      ],
    });
    const report = await handle.result();
    await maybeRecordHistory(workflowId, 'daily-pipeline-skipped-stage');
    expect(report.stages.map((s) => [s.stage, s.status])).toEqual([
      ['harvest', 'completed'],
      ['score', 'completed'],
      ['qualify', 'skipped'],
      ['route', 'completed'],
    ]);
  });
});

function lowered(tiers: Record<string, number>): Record<string, number> {
  // Keep the order hot > warm > cool while moving every threshold down, so leads can only move up.
  return Object.fromEntries(Object.entries(tiers).map(([k, v]) => [k, Math.max(1, Math.floor(v / 4))]));
}

import { Client, Connection } from '@temporalio/client';
import { dailyPipelineWorkflow, leadNurtureWorkflow, nurtureStatusQuery, nurtureWorkflowId } from '#libs/contracts';
import { holidayName } from '#libs/send-calendar';
import { workflowHandle } from '#libs/temporal';
import { seedDemoNurture } from '../../tools/launcher/src/demo-seed.js';
import { api, eventually, testStack } from '../setup/test-stack.js';

/**
 * The "Done means" on the test stack: a campaign seeded like the demo (templates, the three sequences its
 * routing names, a mailbox, settings open every day), "run now", and then what a newcomer watches: enrolments
 * within the mailbox's capacity and the rest queued with positions, first steps in the sandbox with every
 * compliance header and the footer in both parts, each lead's status saying why it waits, the campaign summary,
 * pause and resume, and a one-click unsubscribe that stops the lead's sequence for good.
 */
const campaign = 'it-nurture-e2e';
const otherCampaign = 'it-nurture-e2e-other';
const mailboxId = 'it-nurture-e2e';
const domain = 'nurture-e2e.example';
const LEADS = 8;
// 15 sends a day over five steps: three new leads a day.
const DAILY_CAP = 15;
const ADMITTED = 3;
const POSTAL = 'Nurture E2E Ltd, 9 Test Road, Testville 00001';

// The leads' country must have no public holiday today or tomorrow (UTC), or their first step would rightly wait.
const today = new Date().toISOString().slice(0, 10);
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const country = ['US', 'GB', 'DE', 'CA', 'AU', 'IE', 'NL', 'SE'].find((c) => !holidayName(c, null, today) && !holidayName(c, null, tomorrow)) ?? 'US';

// Sales leaders at software companies with buying signals: the starter rules route them to a sequence.
const csv = [
  'Email,First Name,Last Name,Title,Company,Company Domain,Industry,Employees,Country,Time Zone,Technologies,Notes',
  ...Array.from({ length: LEADS }, (_, i) => `lead${i}@${domain},Lee${i},Tester,VP Sales,Acme ${i},${domain},Software,${200 + i},${country},UTC,Salesforce;HubSpot,asked for pricing and a demo`),
].join('\n');

interface Message {
  to: Array<{ email: string }>;
  replyTo?: { email: string };
  subject: string;
  text?: string;
  html?: string;
  headers: Record<string, string>;
  customArgs: Record<string, string>;
}
interface EnrolmentStatus {
  status: string;
  source: 'workflow' | 'enrolment';
  currentStep: number | null;
  nextWakeAt: string | null;
  holdReason: string | null;
  queuePosition: number | null;
}

let client: Client;
const leadIds = new Map<string, string>();

async function sandbox(): Promise<Message[]> {
  const res = await fetch(`${testStack().sendgridUrl}/api/messages?limit=500`);
  const body = (await res.json()) as { messages: Message[] };
  return body.messages.filter((m) => m.to.some((t) => t.email.endsWith(`@${domain}`)));
}
const recipient = (m: Message) => m.to[0]!.email;
const status = async (email: string) => api<EnrolmentStatus>(`/leads/${leadIds.get(email)}/nurture?campaignId=${campaign}`);

beforeAll(async () => {
  const stack = testStack();
  client = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }), namespace: stack.namespace });
  expect((await api('/campaigns', { method: 'POST', json: { id: campaign, name: 'Nurture end to end', timeZone: 'UTC' } })).status).toBe(201);
  expect((await api('/campaigns', { method: 'POST', json: { id: otherCampaign, name: 'Nobody enrolled' } })).status).toBe(201);
  expect((await api(`/campaigns/${campaign}/sources`, { method: 'PUT', json: { sources: [{ source: 'drop-folder', enabled: true }] } })).status).toBe(200);
  const seeded = await seedDemoNurture(stack.apiUrl, stack.apiKey, 'UTC', {
    campaignId: campaign,
    mailbox: { id: mailboxId, address: `sender@${mailboxId}.example`, dailyCap: DAILY_CAP, hourlyCap: DAILY_CAP, minSpacingSeconds: 0, warmup: null },
    settings: { jitterSeconds: 0, postalAddress: POSTAL },
  });
  expect(seeded).toEqual(expect.arrayContaining(['sequence demo-warm', `mailbox ${mailboxId}`, 'nurture settings']));
  const upload = await api<{ id: string }>(`/campaigns/${campaign}/imports?fileName=nurture.csv`, { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } });
  expect(upload.status).toBe(202);
  await eventually(async () => ((await api<{ status: string }>(`/imports/${upload.body.id}`)).body.status === 'completed' ? true : undefined), 'the import');
  const leads = await api<{ items: Array<{ id: string; email: string }> }>(`/leads?campaignId=${campaign}&limit=50`);
  for (const l of leads.body.items) leadIds.set(l.email, l.id);
  expect(leadIds.size).toBe(LEADS);
}, 120_000);

afterAll(() => client?.connection.close());

describe('nurture, end to end', () => {
  let sent: Message[];
  let admitted: string[];
  let queued: string[];

  it('enrols routed leads within the mailbox capacity on run-now and queues the rest with their positions', async () => {
    const started = await api<{ workflowId: string; runId: string }>('/pipeline/runs', { method: 'POST', json: { campaignId: campaign } });
    expect(started.status).toBe(202);
    await workflowHandle(client, dailyPipelineWorkflow, started.body.workflowId).result();
    const run = await api<{ status: string; stages: Array<{ stage: string; status: string; counts: Record<string, number> }> }>(`/pipeline/runs/${started.body.runId}`);
    expect(run.body.stages.map((s) => s.stage)).toContain('nurture');
    expect(run.body.stages.find((s) => s.stage === 'nurture')!.status).toBe('completed');

    const summary = await api<{ state: string; dailyNewLeadLimit: number; admittedToday: number; queued: number; byStatus: Record<string, number> }>(`/campaigns/${campaign}/nurture`);
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ state: 'active', dailyNewLeadLimit: ADMITTED, admittedToday: ADMITTED, queued: LEADS - ADMITTED });

    const queue = await api<{ items: Array<{ leadId: string; position: number }>; next: string | null }>(`/campaigns/${campaign}/nurture/queue?limit=2`);
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((i) => i.position)).toEqual([1, 2]);
    const rest = await api<{ items: Array<{ leadId: string; position: number }>; next: string | null }>(`/campaigns/${campaign}/nurture/queue?limit=50&cursor=${queue.body.next}`);
    expect(rest.body.items.map((i) => i.position)).toEqual([3, 4, 5]);
    const byLead = new Map([...leadIds].map(([email, id]) => [id, email]));
    queued = [...queue.body.items, ...rest.body.items].map((i) => byLead.get(i.leadId)!);
    admitted = [...leadIds.keys()].filter((e) => !queued.includes(e));
    expect(admitted).toHaveLength(ADMITTED);

    // A queued lead has no sequence yet: its record says where it stands and why.
    const waiting = await status(queued[0]!);
    expect(waiting.status).toBe(200);
    expect(waiting.body).toMatchObject({ status: 'queued', source: 'enrolment', queuePosition: 1 });
    expect(waiting.body.holdReason).toEqual(expect.any(String));
  }, 180_000);

  it('sends the first step to each admitted lead, once, with the compliance headers and the footer in both parts', async () => {
    sent = await eventually(async () => {
      const m = await sandbox();
      return m.length >= ADMITTED ? m : undefined;
    }, 'the first steps in the sandbox', 90_000);
    expect(sent.map(recipient).sort()).toEqual([...admitted].sort());
    for (const m of sent) {
      expect(m.headers['List-Unsubscribe']).toMatch(/^<https:\/\/[^>]+\/unsubscribe\/[^>]+>/);
      expect(m.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      expect(m.headers['Message-ID']).toMatch(/^<[^@\s]+@[^>\s]+>$/);
      expect(m.headers['Message-ID']).not.toContain(recipient(m));
      expect(m.replyTo?.email).toMatch(/^[^+@]+\+[A-Za-z0-9_-]+@/);
      for (const part of [m.text, m.html]) {
        expect(part).toContain(POSTAL);
        expect(part).toMatch(/\/unsubscribe\//);
      }
      expect(m.html).toContain('Hi Lee');
      expect(m.subject).not.toMatch(/\{\{|,\s*$/);
    }
  }, 120_000);

  it('answers GET /leads/:id/nurture with the step, the next wake-up and the rule that holds the lead', async () => {
    const lead = admitted[0]!;
    const answer = await eventually(async () => {
      const s = await status(lead);
      return s.body.currentStep === 1 && s.body.status === 'waiting' ? s : undefined;
    }, 'the lead to wait for its second step', 60_000);
    expect(answer.body.source).toBe('workflow');
    expect(Date.parse(answer.body.nextWakeAt!)).toBeGreaterThan(Date.now());
    expect(answer.body.holdReason).toEqual(expect.any(String));
    // Without a campaign: every enrolment of the lead.
    const all = await api<{ items: Array<EnrolmentStatus & { campaignId: string }> }>(`/leads/${leadIds.get(lead)}/nurture`);
    expect(all.body.items.map((i) => i.campaignId)).toEqual([campaign]);
    // A lead in no such campaign: 404 naming it.
    const missing = await api<{ code: string; message: string }>(`/leads/${leadIds.get(lead)}/nurture?campaignId=${otherCampaign}`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('lead_not_enrolled');
    expect(missing.body.message).toContain(otherCampaign);

    const summary = await api<{ byStatus: Record<string, number>; byStep: Record<string, number> }>(`/campaigns/${campaign}/nurture`);
    expect(summary.body.byStatus.waiting).toBe(ADMITTED);
    expect(summary.body.byStatus.queued).toBe(LEADS - ADMITTED);
  }, 120_000);

  it('pauses every enrolment and resumes each at its next step', async () => {
    const lead = admitted[1]!;
    const paused = await api(`/campaigns/${campaign}/nurture/pause`, { method: 'POST', json: { reason: 'end-to-end test: pause' } });
    expect(paused.status).toBe(200);
    await eventually(async () => ((await status(lead)).body.status === 'paused' ? true : undefined), 'the lead to be paused', 30_000);
    expect((await api<{ state: string }>(`/campaigns/${campaign}/nurture`)).body.state).toBe('paused');

    const resumed = await api(`/campaigns/${campaign}/nurture/resume`, { method: 'POST', json: { reason: 'end-to-end test: resume' } });
    expect(resumed.status).toBe(200);
    const back = await eventually(async () => {
      const s = await status(lead);
      return s.body.status === 'waiting' ? s : undefined;
    }, 'the lead to wait for its next step again', 30_000);
    expect(back.body.currentStep).toBe(1);
    expect((await api<{ state: string }>(`/campaigns/${campaign}/nurture`)).body.state).toBe('active');
    // The pause is in the audit trail with its reason.
    // The audit entry is written once the answer has gone out: look for it until it lands.
    const pauseEntry = await eventually(async () => {
      const audit = await api<{ items: Array<{ route: string; status: number; target: Record<string, string> }> }>('/audit?limit=200');
      return audit.body.items.find((e) => e.target?.action === 'pause' && e.target?.id === campaign);
    }, 'the pause in the audit trail');
    expect(pauseEntry).toEqual(expect.objectContaining({ status: 200, target: { id: campaign, action: 'pause', reason: 'end-to-end test: pause' } }));
  }, 90_000);

  it('stops a lead\'s sequence after a one-click unsubscribe, with no later send', async () => {
    const message = sent.find((m) => recipient(m) === admitted[2])!;
    const url = /<(https:\/\/[^>]+)>/.exec(message.headers['List-Unsubscribe']!)![1]!;
    const token = /\/unsubscribe\/([^/?#]+)/.exec(url)![1]!;
    const res = await fetch(`${testStack().apiUrl}/unsubscribe/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
    });
    expect(res.status).toBe(200);
    const id = leadIds.get(admitted[2]!)!;
    const final = await eventually(async () => {
      const s = await workflowHandle(client, leadNurtureWorkflow, nurtureWorkflowId(campaign, id)).query(nurtureStatusQuery);
      return s.status === 'opted-out' ? s : undefined;
    }, 'the sequence to stop as opted out', 30_000);
    expect(final.nextWakeAt).toBeNull();
    expect((await status(admitted[2]!)).body.status).toBe('opted-out');
    // Nothing more reaches that address (its first step was the only one).
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await sandbox()).filter((m) => recipient(m) === admitted[2])).toHaveLength(1);
  }, 90_000);
});

import { Client, Connection } from '@temporalio/client';
import { dailyPipelineWorkflow, nurtureWorkflowId } from '#libs/contracts';
import { holidayName } from '#libs/send-calendar';
import { workflowHandle } from '#libs/temporal';
import { seedDemoNurture } from '../../tools/launcher/src/demo-seed.js';
import { api, eventually, internal, testStack } from '../setup/test-stack.js';

/**
 * The "Done means" on the test stack: leads in a sequence (seeded like the demo, "run now") get their first
 * send in the sandbox; then exactly what the sent-mail page's buttons call (POST /__sandbox/messages/{id}/events and
 * /reply) changes what GET /leads/{id}/nurture, the journey and the score show, and the lead's workflow history in
 * Temporal holds the signals: a reply ends the sequence as replied (and stops a colleague at the same company), an
 * out-of-office pauses it, opens and clicks count and raise the engagement score, a bounce and an unsubscribe stop
 * their leads and suppress the addresses, with no later send.
 */
const campaign = 'it-engagement-e2e';
const mailboxId = 'it-engagement-e2e';
const POSTAL = 'Engagement E2E Ltd, 1 Test Road, Testville 00001';
// The sandbox posts delivered at once; an open or click this soon after it is a scanner's (ENGAGEMENT_SCANNER_SECONDS).
const SCANNER_SECONDS = 10;

// Each lead at a company of its own, but for a colleague of the one who replies.
const LEADS = {
  replies: 'ann@reply-co.example',
  colleague: 'ada@reply-co.example',
  engages: 'ben@open-co.example',
  bounces: 'cid@bounce-co.example',
  unsubscribes: 'dee@unsub-co.example',
  away: 'eve@away-co.example',
} as const;
type Role = keyof typeof LEADS;
const ROLES = Object.keys(LEADS) as Role[];

// The leads' country must have no public holiday today or tomorrow (UTC), or their first step would rightly wait.
const today = new Date().toISOString().slice(0, 10);
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const country = ['US', 'GB', 'DE', 'CA', 'AU', 'IE', 'NL', 'SE'].find((c) => !holidayName(c, null, today) && !holidayName(c, null, tomorrow)) ?? 'US';
// Sales leaders at software companies with buying signals: the starter rules route them to a sequence.
const csv = [
  'Email,First Name,Last Name,Title,Company,Company Domain,Industry,Employees,Country,Time Zone,Technologies,Notes',
  ...ROLES.map((role, i) => {
    const email = LEADS[role];
    const domain = email.split('@')[1]!;
    return `${email},${email.split('@')[0]!.replace(/^./, (c) => c.toUpperCase())},Tester,VP Sales,${domain.split('.')[0]},${domain},Software,${300 + i},${country},UTC,Salesforce;HubSpot,asked for pricing and a demo`;
  }),
].join('\n');

interface Message {
  sgMessageId: string;
  to: Array<{ email: string }>;
  receivedAt: string;
}
interface EnrolmentView {
  status: string;
  counts: { sent: number; opens: number; clicks: number; replies: number } | null;
  latestReply?: { replyClass: string; text: string; outOfOfficeUntil: string | null } | null;
}
interface Entry {
  type: 'send' | 'engagement' | 'reply';
  id?: string;
  ledgerKey?: string;
  kind?: string;
  at: string;
  machine?: boolean;
  state?: string;
  replyClass?: string;
  text?: string;
}
interface Journey {
  workflowId: string | null;
  entries: Entry[];
}
interface ScoreView {
  score: number;
  engagement: number;
}

let client: Client;
const leadIds = new Map<Role, string>();
const messages = new Map<Role, Message>();

const sandboxUrl = () => testStack().sendgridUrl;
/** What the sandbox accepted for this spec's leads (asked per address: other specs fill the store too). */
async function sentMail(): Promise<Message[]> {
  const pages = await Promise.all(
    Object.values(LEADS).map(async (email) => ((await (await fetch(`${sandboxUrl()}/__sandbox/messages?to=${encodeURIComponent(email)}&limit=50`)).json()) as { messages: Message[] }).messages),
  );
  return pages.flat();
}
/** What the sent-mail page's buttons post. */
async function press(role: Role, path: 'events' | 'reply', body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${sandboxUrl()}/__sandbox/messages/${encodeURIComponent(messages.get(role)!.sgMessageId)}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect([role, path, res.status]).toEqual([role, path, 202]);
}
const nurture = async (role: Role) => (await api<EnrolmentView>(`/leads/${leadIds.get(role)}/nurture?campaignId=${campaign}`)).body;
const journey = async (role: Role) => {
  const res = await api<Journey>(`/leads/${leadIds.get(role)}/journey?campaignId=${campaign}`);
  expect(res.status).toBe(200);
  return res.body;
};
const score = async (role: Role) => (await api<ScoreView>(`/leads/${leadIds.get(role)}/score?campaignId=${campaign}`)).body;
/** The signal names in the lead's workflow history, in order. */
async function signals(role: Role): Promise<string[]> {
  const history = await client.workflow.getHandle(nurtureWorkflowId(campaign, leadIds.get(role)!)).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes).map((e) => e.workflowExecutionSignaledEventAttributes!.signalName!);
}
const suppressed = async (email: string) => (await internal('nurture', `/internal/suppressions/address/${encodeURIComponent(email)}`)).status === 200;

beforeAll(async () => {
  const stack = testStack();
  client = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }), namespace: stack.namespace });
  expect((await api('/campaigns', { method: 'POST', json: { id: campaign, name: 'Engagement end to end', timeZone: 'UTC' } })).status).toBe(201);
  expect((await api(`/campaigns/${campaign}/sources`, { method: 'PUT', json: { sources: [{ source: 'drop-folder', enabled: true }] } })).status).toBe(200);
  // Room for every lead on the first day: five steps each.
  const cap = ROLES.length * 5;
  await seedDemoNurture(stack.apiUrl, stack.apiKey, 'UTC', {
    campaignId: campaign,
    mailbox: { id: mailboxId, address: `sender@${mailboxId}.example`, dailyCap: cap, hourlyCap: cap, minSpacingSeconds: 0, warmup: null },
    settings: { jitterSeconds: 0, postalAddress: POSTAL },
  });
  // A reply stops colleagues' sequences in this campaign.
  const settings = await api<{ colleagueStop?: string }>(`/campaigns/${campaign}/nurture/settings`, { method: 'PUT', json: { colleagueStop: 'campaign' } });
  expect([settings.status, settings.body.colleagueStop]).toEqual([200, 'campaign']);
  const upload = await api<{ id: string }>(`/campaigns/${campaign}/imports?fileName=engagement.csv`, { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } });
  expect(upload.status).toBe(202);
  await eventually(async () => ((await api<{ status: string }>(`/imports/${upload.body.id}`)).body.status === 'completed' ? true : undefined), 'the import');
  const leads = await api<{ items: Array<{ id: string; email: string }> }>(`/leads?campaignId=${campaign}&limit=50`);
  for (const role of ROLES) leadIds.set(role, leads.body.items.find((l) => l.email === LEADS[role])!.id);

  const started = await api<{ workflowId: string }>('/pipeline/runs', { method: 'POST', json: { campaignId: campaign } });
  expect(started.status).toBe(202);
  await workflowHandle(client, dailyPipelineWorkflow, started.body.workflowId).result();
}, 180_000);

afterAll(() => client?.connection.close());

describe('engagement, end to end', () => {
  it("sends each lead its first step, and the journey shows the send with SendGrid's processed and delivered after it", async () => {
    const sent = await eventually(async () => {
      const m = await sentMail();
      return m.length >= ROLES.length ? m : undefined;
    }, 'the first steps in the sandbox', 120_000);
    for (const role of ROLES) messages.set(role, sent.find((m) => m.to[0]!.email === LEADS[role])!);
    expect([...messages.values()].every(Boolean)).toBe(true);

    const delivered = await eventually(async () => {
      const j = await journey('engages');
      return j.entries.some((e) => e.kind === 'delivered' && e.state === 'applied') ? j : undefined;
    }, "the send's delivered event on the journey", 60_000);
    expect(delivered.workflowId).toBe(nurtureWorkflowId(campaign, leadIds.get('engages')!));
    expect(delivered.entries[0]!.type).toBe('send');
    const kinds = delivered.entries.filter((e) => e.type === 'engagement').map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['processed', 'delivered']));
    expect(kinds.indexOf('processed')).toBeLessThan(kinds.indexOf('delivered'));
  }, 180_000);

  it('an open and a click count on the lead, raise its engagement score and reach its workflow; a machine open is flagged and counts for nothing', async () => {
    const before = await score('engages');
    // Past the scanner rule's seconds after delivery, as a person's open would be.
    const deliveredAt = Date.parse((await journey('engages')).entries.find((e) => e.kind === 'delivered')!.at);
    await new Promise((r) => setTimeout(r, Math.max(0, deliveredAt + (SCANNER_SECONDS + 2) * 1000 - Date.now())));

    await press('engages', 'events', { type: 'open' });
    await press('engages', 'events', { type: 'click', url: 'https://open-co.example/pricing' });
    const counted = await eventually(async () => {
      const view = await nurture('engages');
      return view.counts && view.counts.opens >= 1 && view.counts.clicks >= 1 ? view : undefined;
    }, 'the open and the click in the nurture view', 60_000);
    expect(counted.counts).toMatchObject({ opens: 1, clicks: 1 });
    const after = await eventually(async () => {
      const s = await score('engages');
      return s.engagement > before.engagement ? s : undefined;
    }, 'the engagement score to rise', 30_000);
    expect(after.score).toBeGreaterThanOrEqual(before.score);
    expect(await signals('engages')).toEqual(expect.arrayContaining(['opened', 'clicked']));

    await press('engages', 'events', { type: 'open', machine: true });
    const flagged = await eventually(async () => {
      const j = await journey('engages');
      return j.entries.find((e) => e.kind === 'open' && e.machine === true && e.state === 'applied');
    }, 'the machine open on the journey', 60_000);
    expect(flagged.type).toBe('engagement');
    expect((await nurture('engages')).counts).toMatchObject({ opens: 1, clicks: 1 });
    expect((await score('engages')).engagement).toBe(after.engagement);
  }, 120_000);

  it('a reply ends the sequence as replied, shows on the lead with its class and text, stops a colleague at the same company and reaches the workflow', async () => {
    await press('replies', 'reply', { kind: 'reply', text: 'Can we book a call on Tuesday? Send me more details please.' });
    const replied = await eventually(async () => {
      const view = await nurture('replies');
      return view.status === 'replied' && view.latestReply ? view : undefined;
    }, 'the lead to show as replied with its reply', 60_000);
    expect(replied.latestReply).toMatchObject({ replyClass: 'interested' });
    expect(replied.latestReply!.text).toContain('Can we book a call on Tuesday?');

    const j = await journey('replies');
    const reply = j.entries.find((e) => e.type === 'reply')!;
    expect(reply).toMatchObject({ replyClass: 'interested' });
    // After the send it answers, and shown once.
    expect(j.entries.findIndex((e) => e.type === 'reply')).toBeGreaterThan(j.entries.findIndex((e) => e.type === 'send'));
    expect(j.entries.filter((e) => e.type === 'engagement' && e.kind === 'reply')).toHaveLength(0);
    expect(await signals('replies')).toContain('replied');

    const colleague = await eventually(async () => {
      const view = await nurture('colleague');
      return view.status === 'stopped' ? view : undefined;
    }, "the colleague's sequence to stop", 60_000);
    expect(colleague.status).toBe('stopped');
  }, 120_000);

  it('an out-of-office pauses the sequence until the return date and shows as such', async () => {
    const until = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await press('away', 'reply', { kind: 'out-of-office', until });
    const paused = await eventually(async () => {
      const view = await nurture('away');
      return view.status === 'paused' && view.latestReply ? view : undefined;
    }, 'the lead to be paused by its out-of-office', 60_000);
    expect(paused.latestReply).toMatchObject({ replyClass: 'out_of_office' });
    expect(paused.latestReply!.outOfOfficeUntil?.slice(0, 10)).toBe(until);
    expect(await signals('away')).toContain('outOfOffice');
  }, 90_000);

  it('a hard bounce and an unsubscribe stop their leads and suppress the addresses, with no later send', async () => {
    await press('bounces', 'events', { type: 'bounce', bounceType: 'hard' });
    await press('unsubscribes', 'events', { type: 'unsubscribe' });
    await eventually(async () => ((await nurture('bounces')).status === 'bounced' ? true : undefined), 'the bounced lead to stop', 60_000);
    await eventually(async () => ((await nurture('unsubscribes')).status === 'opted-out' ? true : undefined), 'the unsubscribed lead to stop', 60_000);
    expect(await suppressed(LEADS.bounces)).toBe(true);
    expect(await suppressed(LEADS.unsubscribes)).toBe(true);
    expect(await signals('bounces')).toContain('bounced');
    expect(await signals('unsubscribes')).toContain('unsubscribed');
    // Once every effect of the bounce is done (the mailbox's health recount among them), its row is applied.
    const bounce = await eventually(async () => {
      const rows = (await journey('bounces')).entries.filter((e) => e.kind === 'bounce');
      return rows.length === 1 && rows[0]!.state === 'applied' ? rows : undefined;
    }, 'the bounce to be applied', 60_000);
    expect(bounce).toHaveLength(1);

    // Nothing more reaches either address (the first step was the only one).
    await new Promise((r) => setTimeout(r, 2_000));
    const later = (await sentMail()).filter((m) => m.to[0]!.email === LEADS.bounces || m.to[0]!.email === LEADS.unsubscribes);
    expect(later).toHaveLength(2);
  }, 120_000);
});

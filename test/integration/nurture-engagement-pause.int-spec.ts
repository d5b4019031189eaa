import { Client, Connection } from '@temporalio/client';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { leadNurtureWorkflow, nurtureStatusQuery, nurtureWorkflowId, type LeadNurtureInput, type NurtureCampaignSummary } from '#libs/contracts';
import { holidayName } from '#libs/send-calendar';
import { startWorkflow, workflowHandle } from '#libs/temporal';
import { eventually, internal, testStack } from '../setup/test-stack.js';
import * as kit from './nurture-service/admission-kit.js';
import { stepSender } from './nurture-sending/send-kit.js';

/**
 * A mailbox pause holds every send from it: engagement pauses a mailbox on its rates, new enrolments go to the
 * campaign's other mailbox, the campaign summary lists the pause with its reason, a running sequence whose
 * mailbox is paused sends nothing and its status names the pause, and once a person resumes the mailbox the step
 * goes out. Real PostgreSQL, Temporal workflows and the SendGrid development server.
 */
const CAMPAIGN = 'it-eng-pause';
const DOMAIN = 'pause-eng.example';
const LEADS: kit.LeadSeed[] = ['ada', 'bob', 'cyd'].map((n, i) => ({ email: `${n}@${DOMAIN}`, score: 70 - i, tier: 'warm' }));
const REASON = 'bounces 3.4% ≥ 3% over 7 days (5 of 146 deliveries)';
// The leads' country must have no public holiday today or tomorrow (UTC), or their first step would rightly wait.
const today = new Date().toISOString().slice(0, 10);
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const COUNTRY = ['DE', 'US', 'GB', 'CA', 'AU', 'IE', 'NL', 'SE'].find((c) => !holidayName(c, null, today) && !holidayName(c, null, tomorrow)) ?? 'DE';
const health = (mailboxId: string) => ({ mailboxId, windowDays: 7, deliveries: 146, bounces: 5, spamReports: 0, bounceRate: 0.034, spamRate: 0, pauseReason: REASON });

let db: pg.Client;
let ds: DataSource;
let client: Client;
let items: LeadNurtureInput[];

const post = <T>(path: string, json: unknown) => internal<T>('nurture', path, { method: 'POST', json });
const autoPause = (mailboxId: string) => post<{ paused: boolean }>(`/internal/mailboxes/${mailboxId}/auto-pause`, { reason: REASON, at: new Date().toISOString(), health: health(mailboxId) });
const query = (i: LeadNurtureInput) => workflowHandle(client, leadNurtureWorkflow, nurtureWorkflowId(i.campaignId, i.leadId)).query(nurtureStatusQuery);
async function sandboxTo(): Promise<string[]> {
  const res = await fetch(`${testStack().sendgridUrl}/api/messages?limit=500`);
  const body = (await res.json()) as { messages: Array<{ to: Array<{ email: string }> }> };
  return body.messages.flatMap((m) => m.to.map((t) => t.email)).filter((e) => e.endsWith(`@${DOMAIN}`));
}

beforeAll(async () => {
  const s = testStack();
  db = await kit.pgClient();
  ds = await kit.nurtureDataSource('it-engagement-pause');
  client = new Client({ connection: await Connection.connect({ address: s.temporalAddress }), namespace: s.namespace });
  for (const id of ['it-pause-a', 'it-pause-b']) {
    const mailbox = { id, address: `${id}@pause-sender.example`, displayName: id, dailyCap: 100, hourlyCap: 100, campaigns: [{ campaignId: CAMPAIGN, weight: 1 }] };
    expect((await post('/internal/mailboxes', mailbox)).status).toBe(201);
  }
  const ids = await kit.importLeads(CAMPAIGN, LEADS, COUNTRY);
  for (const l of LEADS) {
    await db.query(
      `INSERT INTO routing.routes (campaign_id, lead_id, tier, sequence_id, owner_id, outcome, rule_set_version, run_id, routed_at) VALUES ($1, $2, $3, 'warm', 'it-pause-owner', 'enrol', 1, 'it', now())`,
      [CAMPAIGN, ids.get(l.email), l.tier],
    );
    await db.query(
      `INSERT INTO scoring.lead_scores (campaign_id, lead_id, score, tier, fit, intent, engagement, contributions, inputs, inputs_hash, rule_set_version, scored_at)
       VALUES ($1, $2, $3, $4, 0, 0, 0, '[]', '{}', 'it', 1, now())`,
      [CAMPAIGN, ids.get(l.email), l.score, l.tier],
    );
  }
  // Open every day with no jitter: a first step is due at once, so only the pause can hold it.
  await kit.defineNurture(CAMPAIGN, { window: kit.OPEN_EVERY_DAY, jitterSeconds: 0, postalAddress: 'Pause Test Ltd, 1 Hold Street, Testville' });
}, 120_000);

afterAll(async () => {
  await client?.connection.close();
  await ds?.destroy();
  await db?.end();
});

describe('mailbox pauses', () => {
  it('auto-pause sets the pause once (the first reason stays), 404 for an unknown mailbox, 400 naming a bad field', async () => {
    expect((await autoPause('it-pause-a')).body).toEqual({ paused: true });
    expect((await autoPause('it-pause-a')).body).toEqual({ paused: false });
    const mailbox = await internal<{ pausedAt: string | null; pausedReason: string | null; pausedBy: string | null }>('nurture', '/internal/mailboxes/it-pause-a');
    expect(mailbox.body).toMatchObject({ pausedAt: expect.any(String), pausedReason: REASON, pausedBy: 'auto' });
    expect((await autoPause('it-pause-nobody')).status).toBe(404);
    const bad = await post<{ details: Array<{ field: string }> }>('/internal/mailboxes/it-pause-a/auto-pause', { reason: REASON, at: 'soon', health: health('it-pause-a') });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d) => d.field)).toEqual(['at']);
  });

  it('new enrolments skip the paused mailbox while another is open; the summary lists the pause with its reason', async () => {
    items = (await kit.admitAll(kit.admissionOf(ds), CAMPAIGN, new Date().toISOString(), 'it-eng-pause')).items;
    expect(items).toHaveLength(LEADS.length);
    expect(items.map((i) => i.mailboxId)).toEqual(LEADS.map(() => 'it-pause-b'));
    const summary = await internal<NurtureCampaignSummary>('nurture', `/internal/campaigns/${CAMPAIGN}/nurture/summary`);
    expect(summary.body.pausedMailboxes).toEqual([{ mailboxId: 'it-pause-a', address: 'it-pause-a@pause-sender.example', pausedAt: expect.any(String), reason: REASON, by: 'auto' }]);
  }, 60_000);

  it("a paused mailbox sends nothing: each lead's status names the pause", async () => {
    expect((await autoPause('it-pause-b')).body).toEqual({ paused: true });
    for (const i of items) await startWorkflow(client, leadNurtureWorkflow, { workflowId: nurtureWorkflowId(i.campaignId, i.leadId), args: [i] });
    const held = `mailbox it-pause-b paused: ${REASON}`;
    await eventually(async () => ((await Promise.all(items.map(query))).every((st) => st.status === 'waiting' && st.holdReason === held && st.counts.deferrals >= 1) ? true : undefined), 'every sequence held by the pause', 60_000);
    await eventually(async () => {
      const rows = await db.query<{ hold_reason: string | null }>(`SELECT hold_reason FROM nurture.enrolments WHERE campaign_id = $1`, [CAMPAIGN]);
      return rows.rows.every((r) => r.hold_reason === held) ? true : undefined;
    }, 'every enrolment row naming the pause');
    for (const st of await Promise.all(items.map(query))) {
      expect(st.currentStep).toBe(0);
      expect(st.steps).toEqual([]);
      // Looked at again in about an hour (the sender's recheck), not given up.
      expect(Date.parse(st.nextWakeAt!) - Date.now()).toBeGreaterThan(30 * 60_000);
    }
    expect(await sandboxTo()).toEqual([]);
    // Nor does a test send leave from a paused mailbox.
    const test = await post<{ code: string }>(`/internal/campaigns/${CAMPAIGN}/templates/intro/test-send`, { to: `team@${DOMAIN}` });
    expect(test.status).toBe(422);
    expect(test.body.code).toBe('no_campaign_mailbox');
    const ledger = await db.query(`SELECT 1 FROM nurture.send_ledger l JOIN nurture.enrolments e ON e.id = l.enrolment_id WHERE e.campaign_id = $1`, [CAMPAIGN]);
    expect(ledger.rowCount).toBe(0);
  }, 90_000);

  it('a person resumes the mailbox and the held step goes out at its next look', async () => {
    const sender = stepSender(ds);
    const first = items[0]!;
    const email = (await db.query<{ email: string }>(`SELECT email FROM nurture.enrolments WHERE id = $1`, [first.enrolmentId])).rows[0]!.email;
    // Before the resume the sender still holds it.
    expect(await sender.send({ enrolmentId: first.enrolmentId, step: 0, scheduledFor: new Date().toISOString(), threadMessageId: null })).toMatchObject({
      kind: 'deferred',
      reason: `mailbox it-pause-b paused: ${REASON}`,
    });
    const resumed = await post<{ resumed: boolean; mailbox: { pausedAt: string | null; pausedBy: string | null } }>('/internal/mailboxes/it-pause-b/resume', { by: 'it-spec' });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ resumed: true, mailbox: { pausedAt: null, pausedBy: null } });
    expect((await post<{ resumed: boolean }>('/internal/mailboxes/it-pause-b/resume', {})).body.resumed).toBe(false);
    // What the workflow's next look runs: the sendStep activity.
    expect(await sender.send({ enrolmentId: first.enrolmentId, step: 0, scheduledFor: new Date().toISOString(), threadMessageId: null })).toMatchObject({ kind: 'sent', step: 0 });
    expect(await eventually(async () => ((await sandboxTo()).length > 0 ? sandboxTo() : undefined), 'the send in the sandbox')).toEqual([email]);
    const summary = await internal<NurtureCampaignSummary>('nurture', `/internal/campaigns/${CAMPAIGN}/nurture/summary`);
    expect(summary.body.pausedMailboxes.map((m) => m.mailboxId)).toEqual(['it-pause-a']);
  }, 60_000);
  it('a person pauses a mailbox with a reason; the summary names who', async () => {
    const paused = await post<{ paused: boolean; mailbox: { pausedBy: string; pausedReason: string } }>('/internal/mailboxes/it-pause-b/pause', { reason: 'domain moving to a new provider', by: 'ops@pause-sender.example' });
    expect(paused.body).toMatchObject({ paused: true, mailbox: { pausedBy: 'ops@pause-sender.example', pausedReason: 'domain moving to a new provider' } });
    const summary = await internal<NurtureCampaignSummary>('nurture', `/internal/campaigns/${CAMPAIGN}/nurture/summary`);
    expect(summary.body.pausedMailboxes.map((m) => [m.mailboxId, m.by, m.reason])).toEqual([
      ['it-pause-a', 'auto', REASON],
      ['it-pause-b', 'ops@pause-sender.example', 'domain moving to a new provider'],
    ]);
    const bad = await post<{ details: Array<{ field: string }> }>('/internal/mailboxes/it-pause-b/pause', { by: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d) => d.field)).toEqual(['reason']);
  });
});

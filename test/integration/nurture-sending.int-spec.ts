import type pg from 'pg';
import type { DataSource } from 'typeorm';
import type { SendStepOutcome } from '#libs/contracts';
import type { StepSender } from '../../services/nurture/src/sending/step-sender.js';
import { internal } from '../setup/test-stack.js';
import { complianceProblems, header, nurtureDb, pgClient, sandboxMessages, seedCampaign, seedEnrolments, stepSender, type SeededEnrolment } from './nurture-sending/send-kit.js';

// The sendStep activity's sender against the real PostgreSQL, harvest and the SendGrid development server.
const campaignId = 'it-send';
let db: DataSource;
let sql: pg.Client;
let sender: StepSender;
let leads: SeededEnrolment[];

const send = (e: SeededEnrolment, step: number, threadMessageId: string | null = null) =>
  sender.send({ enrolmentId: e.enrolmentId, step, scheduledFor: new Date().toISOString(), threadMessageId });
const ledger = async (e: SeededEnrolment) =>
  (await sql.query<{ step: number; status: string; reason: string | null; message_id: string }>(`SELECT step, status, reason, message_id FROM nurture.send_ledger WHERE enrolment_id = $1 ORDER BY step`, [e.enrolmentId])).rows;
const byKey = async (ledgerKey: string) => (await sandboxMessages(campaignId)).filter((m) => m.customArgs.ledger_key === ledgerKey);

beforeAll(async () => {
  db = await nurtureDb();
  sql = await pgClient();
  await seedCampaign(sql, {
    campaignId,
    mailboxes: [{ id: 'it-send-mb', dailyCap: 500, hourlyCap: 500 }],
    steps: [{ templateId: 'first' }, { templateId: 'follow' }, { templateId: 'fresh', newThread: true }],
  });
  // Lead 3 has no first name, and the templates have no fallback for it.
  leads = await seedEnrolments(sql, campaignId, ['it-send-mb'], 6, (i) => (i === 3 ? null : `Lee${i}`));
  sender = stepSender(db);
});

afterAll(async () => {
  // Every send of every test carries the compliance headers and both parts with the footer.
  // Connections close first, so a failed check cannot leave a pool open past the database's shutdown.
  try {
    const all = await sandboxMessages(campaignId);
    expect(all.length).toBeGreaterThan(0);
    expect(all.flatMap((m) => complianceProblems(m).map((p) => `${m.customArgs.ledger_key}: ${p}`))).toEqual([]);
  } finally {
    await sql.end();
    await db.destroy();
  }
});

describe('sendStep', () => {
  let first: Extract<SendStepOutcome, { kind: 'sent' }>;

  it('sends step 1 once with the compliance headers, both parts, a reply token and opaque tracking ids', async () => {
    const outcome = await send(leads[0]!, 0);
    expect(outcome).toMatchObject({ kind: 'sent', step: 0, variant: 'a' });
    first = outcome as typeof first;
    const [m, ...more] = await byKey(`${leads[0]!.enrolmentId}/0/a`);
    expect(more).toHaveLength(0);
    expect(m!.xMessageId).toBe(first.providerMessageId);
    expect(header(m!, 'Message-ID')).toBe(first.messageId);
    expect(header(m!, 'In-Reply-To')).toBeUndefined();
    expect(m!.subject).toBe('Quick question about Acme 0 & Sons');
    expect(m!.html).toContain('Acme 0 &amp; Sons');
    expect(m!.text).toContain('Acme 0 & Sons');
    expect(m!.from).toEqual({ email: 'it-send-mb@sender.it.example', name: 'Sender it-send-mb' });
    expect(m!.to).toEqual([{ email: leads[0]!.email, name: 'Lee0 Ray' }]);
    const token = (await sql.query<{ reply_token: string }>(`SELECT reply_token FROM nurture.enrolments WHERE id = $1`, [leads[0]!.enrolmentId])).rows[0]!.reply_token;
    expect(m!.replyTo?.email).toBe(`reply+${token}@reply.it.example`);
    expect(m!.customArgs).toEqual({ ledger_key: `${leads[0]!.enrolmentId}/0/a`, enrolment_id: leads[0]!.enrolmentId, step: '0', campaign_id: campaignId });
    expect(m!.categories).toEqual([campaignId, 'step-0']);
    expect(JSON.stringify([m!.customArgs, m!.categories])).not.toContain('@');
    expect(complianceProblems(m!)).toEqual([]);
    expect(await ledger(leads[0]!)).toEqual([{ step: 0, status: 'sent', reason: null, message_id: first.messageId }]);
  });

  it('a retry after the send was recorded returns the recorded outcome and sends nothing', async () => {
    expect(await send(leads[0]!, 0)).toEqual(first);
    expect(await byKey(`${leads[0]!.enrolmentId}/0/a`)).toHaveLength(1);
  });

  it('step 2 threads under step 1: In-Reply-To, References and the first subject', async () => {
    const outcome = await send(leads[0]!, 1, first.messageId);
    expect(outcome).toMatchObject({ kind: 'sent', step: 1 });
    const [m] = await byKey(`${leads[0]!.enrolmentId}/1/a`);
    expect(header(m!, 'In-Reply-To')).toBe(first.messageId);
    expect(header(m!, 'References')).toContain(first.messageId);
    expect(header(m!, 'Message-ID')).not.toBe(first.messageId);
    expect(m!.subject).toBe('Re: Quick question about Acme 0 & Sons');
  });

  it('a step that says newThread starts its own thread', async () => {
    expect(await send(leads[0]!, 2, first.messageId)).toMatchObject({ kind: 'sent', step: 2 });
    const [m] = await byKey(`${leads[0]!.enrolmentId}/2/a`);
    expect(header(m!, 'In-Reply-To')).toBeUndefined();
    expect(header(m!, 'References')).toBeUndefined();
    expect(m!.subject).toBe('A new idea for Acme 0 & Sons');
  });

  it('refuses a suppressed address or domain inside the claim, with no claim and no send', async () => {
    await sql.query(`INSERT INTO nurture.suppressions (kind, value, reason) VALUES ('address', $1, 'asked by phone')`, [leads[1]!.email]);
    expect(await send(leads[1]!, 0)).toEqual({ kind: 'refused', status: 'suppressed', reason: 'address on the suppression list (asked by phone)' });
    await sql.query(`INSERT INTO nurture.suppressions (kind, value, reason) VALUES ('domain', $1, NULL)`, [leads[2]!.email.split('@')[1]]);
    expect(await send(leads[2]!, 0)).toMatchObject({ kind: 'refused', status: 'suppressed' });
    expect(await ledger(leads[1]!)).toEqual([]);
    expect(await ledger(leads[2]!)).toEqual([]);
    expect(await byKey(`${leads[1]!.enrolmentId}/0/a`)).toEqual([]);
    await sql.query(`DELETE FROM nurture.suppressions WHERE value IN ($1, $2)`, [leads[1]!.email, leads[2]!.email.split('@')[1]]);
  });

  it('holds a lead whose template field is empty and has no fallback, before any claim', async () => {
    const outcome = await send(leads[3]!, 0);
    expect(outcome).toMatchObject({ kind: 'held' });
    expect((outcome as { reason: string }).reason).toContain('firstName');
    expect(await ledger(leads[3]!)).toEqual([]);
  });

  it('a paused campaign refuses; resumed, the step goes out', async () => {
    await sql.query(`UPDATE nurture.campaign_settings SET state = 'paused', state_reason = 'board review' WHERE campaign_id = $1`, [campaignId]);
    expect(await send(leads[4]!, 0)).toEqual({ kind: 'refused', status: 'paused', reason: 'campaign paused: board review' });
    expect(await ledger(leads[4]!)).toEqual([]);
    await sql.query(`UPDATE nurture.campaign_settings SET state = 'active', state_reason = NULL WHERE campaign_id = $1`, [campaignId]);
    expect(await send(leads[4]!, 0)).toMatchObject({ kind: 'sent' });
  });

  it('a claim left in flight is settled by the Email Activity lookup and never sent again', async () => {
    // As if the process died after SendGrid accepted step 1 of lead 5 and before recording it.
    const sent = await send(leads[5]!, 0);
    expect(sent).toMatchObject({ kind: 'sent' });
    await sql.query(`UPDATE nurture.send_ledger SET status = 'claimed', sent_at = NULL, provider_message_id = NULL WHERE enrolment_id = $1 AND step = 0`, [leads[5]!.enrolmentId]);
    const again = await send(leads[5]!, 0);
    expect(again).toMatchObject({ kind: 'sent', messageId: (sent as { messageId: string }).messageId });
    expect((again as { providerMessageId: string }).providerMessageId).toContain((sent as { providerMessageId: string }).providerMessageId);
    expect(await byKey(`${leads[5]!.enrolmentId}/0/a`)).toHaveLength(1);

    // As if the process died after the claim and before the request: not found until the settle window has passed.
    await sql.query(
      `INSERT INTO nurture.send_ledger (enrolment_id, step, variant, ledger_key, mailbox_id, status, message_id, scheduled_for, subject)
       VALUES ($1, 1, 'a', $2, 'it-send-mb', 'claimed', '<never-sent@mail.it.example>', now(), 'x')`,
      [leads[5]!.enrolmentId, `${leads[5]!.enrolmentId}/1/a`],
    );
    await expect(send(leads[5]!, 1)).rejects.toMatchObject({ type: 'SendSettling' });
    await new Promise((r) => setTimeout(r, 2_100));
    const unknown = await send(leads[5]!, 1);
    expect(unknown).toMatchObject({ kind: 'unknown', step: 1, messageId: '<never-sent@mail.it.example>' });
    expect((unknown as { reason: string }).reason).toMatch(/not found by the Email Activity lookup/);
    expect(await send(leads[5]!, 1)).toEqual(unknown);
    expect(await byKey(`${leads[5]!.enrolmentId}/1/a`)).toEqual([]);
  });
});

describe('preview and test send', () => {
  it('previews a template for a lead: both parts, subject, headers; nothing sent or claimed', async () => {
    const before = (await sandboxMessages(campaignId)).length;
    const res = await internal<Record<string, unknown>>('nurture', `/internal/campaigns/${campaignId}/templates/first/preview`, { method: 'POST', json: { leadId: leads[2]!.leadId } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'rendered', subject: 'Quick question about Acme 2 & Sons', missingFields: [] });
    expect(res.body.html).toContain('Acme 2 &amp; Sons');
    expect(res.body.text).toContain('AICMO Test Ltd, 1 Test Street, Testville');
    expect(res.body.headers).toMatchObject({ 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(await ledger(leads[2]!)).toEqual([]);
    expect((await sandboxMessages(campaignId)).length).toBe(before);
  });

  it('reports the fields a lead lacks', async () => {
    const res = await internal<Record<string, unknown>>('nurture', `/internal/campaigns/${campaignId}/templates/first/preview`, { method: 'POST', json: { leadId: leads[3]!.leadId } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'missing', missingFields: ['firstName'] });
  });

  it('sends a [TEST] to an address through the campaign mailbox, off the ledger', async () => {
    const res = await internal<{ to: string; subject: string; mailboxId: string }>('nurture', `/internal/campaigns/${campaignId}/templates/first/test-send`, { method: 'POST', json: { to: 'Proof.Reader@team.it.example' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ to: 'proof.reader@team.it.example', mailboxId: 'it-send-mb', subject: '[TEST] Quick question about Sample & Co' });
    const tests = (await sandboxMessages(campaignId)).filter((m) => m.customArgs.test_send === 'true');
    expect(tests).toHaveLength(1);
    expect(tests[0]!.to).toEqual([{ email: 'proof.reader@team.it.example' }]);
    expect((await sql.query(`SELECT 1 FROM nurture.send_ledger WHERE ledger_key LIKE 'test%'`)).rowCount).toBe(0);
  });

  it('answers 404 for an unknown template and lead', async () => {
    expect((await internal('nurture', `/internal/campaigns/${campaignId}/templates/nope/preview`, { method: 'POST', json: { leadId: leads[0]!.leadId } })).status).toBe(404);
    expect((await internal('nurture', `/internal/campaigns/${campaignId}/templates/first/preview`, { method: 'POST', json: { leadId: '00000000-0000-4000-8000-000000000000' } })).status).toBe(404);
  });
});

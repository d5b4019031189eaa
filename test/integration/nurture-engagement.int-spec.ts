import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import {
  leadNurtureWorkflow,
  nurtureStatusQuery,
  nurtureWorkflowId,
  type AccountReplyResult,
  type EnrolmentRef,
  type LeadNurtureInput,
  type LeadSend,
  type NurtureStatus,
  type OptOutResult,
  type ReplyMatch,
} from '#libs/contracts';
import { startWorkflow, workflowHandle } from '#libs/temporal';
import { eventually, internal, testStack } from '../setup/test-stack.js';
import * as kit from './nurture-service/admission-kit.js';

/**
 * Nurture's routes for engagement against the real stack: enrolments resolved and replies matched, opt-outs by
 * address that end and signal every enrolment of it (running leadNurture workflows), colleagues stopped on a reply
 * by the campaign's setting, and a lead's sends. Nothing is sent during the spec: the next two weeks are blackout
 * dates, so every workflow waits on its first step's timer.
 */
const A = 'it-eng-a';
const B = 'it-eng-b';
const C = 'it-eng-none';
const OWNER = 'it-eng-owner';
const LEADS: Record<string, kit.LeadSeed[]> = {
  [A]: [
    { email: 'ann@acme-eng.example', score: 80, tier: 'hot' },
    { email: 'ben@acme-eng.example', score: 70, tier: 'warm' },
    { email: 'opt@opt-eng.example', score: 60, tier: 'warm' },
    { email: 'zed@zed-eng.example', score: 50, tier: 'cool' },
  ],
  [B]: [
    { email: 'opt@opt-eng.example', score: 60, tier: 'warm' },
    { email: 'cid@acme-eng.example', score: 55, tier: 'warm' },
  ],
  [C]: [
    { email: 'eve@none-eng.example', score: 60, tier: 'warm' },
    { email: 'fay@none-eng.example', score: 60, tier: 'warm' },
  ],
};

let db: pg.Client;
let ds: DataSource;
let client: Client;
/** `${campaign} ${email}` → the admitted enrolment. */
const enrolled = new Map<string, LeadNurtureInput>();
const item = (campaign: string, email: string) => enrolled.get(`${campaign} ${email}`)!;

const post = <T>(path: string, json: unknown) => internal<T>('nurture', path, { method: 'POST', json });
const query = (i: LeadNurtureInput) => workflowHandle(client, leadNurtureWorkflow, nurtureWorkflowId(i.campaignId, i.leadId)).query(nurtureStatusQuery);
const finalOf = (i: LeadNurtureInput) => workflowHandle(client, leadNurtureWorkflow, nurtureWorkflowId(i.campaignId, i.leadId)).result();
const rowOf = async (i: LeadNurtureInput) =>
  (await db.query<{ status: string; last_decision: string | null; reply_token: string }>(`SELECT status, last_decision, reply_token FROM nurture.enrolments WHERE id = $1`, [i.enrolmentId])).rows[0]!;
const now = () => new Date().toISOString();

beforeAll(async () => {
  const s = testStack();
  db = await kit.pgClient();
  ds = await kit.nurtureDataSource('it-engagement');
  client = new Client({ connection: await Connection.connect({ address: s.temporalAddress }), namespace: s.namespace });
  const admission = kit.admissionOf(ds);
  const owned = { id: 'it-eng-owner-mb', address: 'owner@eng-sender.example', displayName: 'Owner', ownerId: OWNER, dailyCap: 50, hourlyCap: 50 };
  const rotation = { id: 'it-eng-mb', address: 'team@eng-sender.example', displayName: 'Team', dailyCap: 50, hourlyCap: 50, campaigns: [A, B, C].map((campaignId) => ({ campaignId, weight: 1 })) };
  for (const mailbox of [owned, rotation]) expect((await post('/internal/mailboxes', mailbox)).status).toBe(201);
  const blackouts = Array.from({ length: 14 }, (_, i) => new Date(Date.now() + i * 86_400_000).toISOString().slice(0, 10));
  for (const campaign of [A, B, C]) {
    const ids = await kit.importLeads(campaign, LEADS[campaign]!);
    for (const l of LEADS[campaign]!) {
      const id = ids.get(l.email)!;
      // As routing's and scoring's stages write them, with this spec's own owner.
      await db.query(
        `INSERT INTO routing.routes (campaign_id, lead_id, tier, sequence_id, owner_id, outcome, rule_set_version, run_id, routed_at) VALUES ($1, $2, $3, 'warm', $4, 'enrol', 1, 'it', now())`,
        [campaign, id, l.tier, OWNER],
      );
      await db.query(
        `INSERT INTO scoring.lead_scores (campaign_id, lead_id, score, tier, fit, intent, engagement, contributions, inputs, inputs_hash, rule_set_version, scored_at)
         VALUES ($1, $2, $3, $4, 0, 0, 0, '[]', '{}', 'it', 1, now())`,
        [campaign, id, l.score, l.tier],
      );
    }
    await kit.defineNurture(campaign, { window: kit.OPEN_EVERY_DAY, blackoutDates: blackouts, ...(campaign === C ? { colleagueStop: 'none' } : {}) });
    const { items } = await kit.admitAll(admission, campaign, now(), `it-eng-${campaign}`);
    expect(items).toHaveLength(LEADS[campaign]!.length);
    const emailOf = new Map([...ids].map(([email, id]) => [id, email]));
    for (const i of items) enrolled.set(`${campaign} ${emailOf.get(i.leadId)}`, i);
  }
  // zed sends from the rotation (its owner's mailbox still hears replies); a ledger row as the sender writes it.
  await db.query(`UPDATE nurture.enrolments SET mailbox_id = 'it-eng-mb' WHERE id = $1`, [item(A, 'zed@zed-eng.example').enrolmentId]);
  for (const i of enrolled.values()) await startWorkflow(client, leadNurtureWorkflow, { workflowId: nurtureWorkflowId(i.campaignId, i.leadId), args: [i] });
  await eventually(async () => ((await Promise.all([...enrolled.values()].map(query))).every((st) => st.status === 'waiting') ? true : undefined), 'every workflow waiting on its first step');
}, 180_000);

afterAll(async () => {
  await client?.connection.close();
  await ds?.destroy();
  await db?.end();
});

describe('colleague-stop setting', () => {
  it("defaults to 'campaign', takes the three policies and names the field when refused", async () => {
    expect((await internal<{ colleagueStop: string }>('nurture', `/internal/campaigns/${A}/nurture-settings`)).body.colleagueStop).toBe('campaign');
    expect((await internal<{ colleagueStop: string }>('nurture', `/internal/campaigns/${C}/nurture-settings`)).body.colleagueStop).toBe('none');
    const refused = await internal<{ details: Array<{ field: string }> }>('nurture', `/internal/campaigns/${A}/nurture-settings`, { method: 'PUT', json: { colleagueStop: 'everyone' } });
    expect(refused.status).toBe(422);
    expect(refused.body.details.map((d) => d.field)).toEqual(['colleagueStop']);
  });
});

describe('POST /internal/enrolments/resolve', () => {
  it('answers the known enrolments with workflow id, mailbox and owner address; unknown ids are left out', async () => {
    const ann = item(A, 'ann@acme-eng.example');
    const zed = item(A, 'zed@zed-eng.example');
    const res = await post<{ items: EnrolmentRef[] }>('/internal/enrolments/resolve', { enrolmentIds: [ann.enrolmentId, randomUUID(), zed.enrolmentId.toUpperCase()] });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        enrolmentId: ann.enrolmentId,
        campaignId: A,
        leadId: ann.leadId,
        email: 'ann@acme-eng.example',
        mailboxId: 'it-eng-owner-mb',
        mailboxAddress: 'owner@eng-sender.example',
        owner: OWNER,
        ownerEmail: 'owner@eng-sender.example',
        workflowId: `nurture/${A}/${ann.leadId}`,
        status: 'waiting',
      },
      expect.objectContaining({ enrolmentId: zed.enrolmentId, mailboxId: 'it-eng-mb', mailboxAddress: 'team@eng-sender.example', ownerEmail: 'owner@eng-sender.example' }),
    ]);
  });

  it('refuses a body that is not a list of at most 1000 UUIDs, naming the field', async () => {
    const bad = await post<{ details: Array<{ field: string }> }>('/internal/enrolments/resolve', { enrolmentIds: ['nope'] });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]!.field).toBe('enrolmentIds[0]');
    const many = await post<{ details: Array<{ field: string }> }>('/internal/enrolments/resolve', { enrolmentIds: Array.from({ length: 1001 }, () => randomUUID()) });
    expect(many.status).toBe(400);
    expect(many.body.details[0]!.field).toBe('enrolmentIds');
  });
});

describe('POST /internal/replies/match and GET /internal/leads/:leadId/sends', () => {
  const messageId = `<${randomUUID().replace(/-/g, '')}.abc123@mail.it.example>`;

  beforeAll(async () => {
    const zed = item(A, 'zed@zed-eng.example');
    await db.query(
      `INSERT INTO nurture.send_ledger (enrolment_id, step, variant, ledger_key, mailbox_id, status, message_id, provider_message_id, scheduled_for, claimed_at, sent_at, subject)
       VALUES ($1, 0, 'a', $2, 'it-eng-mb', 'sent', $3, 'sg-it-1', now() - interval '1 hour', now() - interval '1 hour', now() - interval '59 minutes', 'Hello zed')`,
      [zed.enrolmentId, `${zed.enrolmentId}/0/a`, messageId],
    );
  });

  it('matches a reply token first, whatever its case, then a Message-ID in any form', async () => {
    const ann = item(A, 'ann@acme-eng.example');
    const token = (await rowOf(ann)).reply_token;
    const byToken = await post<ReplyMatch>('/internal/replies/match', { replyTokens: ['unknown-token', token.toUpperCase()], messageIds: [messageId] });
    expect(byToken.status).toBe(200);
    expect(byToken.body).toMatchObject({ matchedBy: 'reply-token', step: null, enrolment: { enrolmentId: ann.enrolmentId, workflowId: `nurture/${A}/${ann.leadId}` } });

    const bare = messageId.slice(1, -1).toUpperCase();
    const byId = await post<ReplyMatch>('/internal/replies/match', { replyTokens: [], messageIds: ['<other@elsewhere.example>', bare] });
    expect(byId.body).toMatchObject({ matchedBy: 'message-id', step: 0, enrolment: { enrolmentId: item(A, 'zed@zed-eng.example').enrolmentId } });

    const none = await post<ReplyMatch>('/internal/replies/match', { replyTokens: ['0000'], messageIds: ['<nobody@mail.it.example>'] });
    expect(none.body).toEqual({ enrolment: null, matchedBy: null, step: null });
    const bad = await post<{ details: Array<{ field: string }> }>('/internal/replies/match', { replyTokens: Array.from({ length: 21 }, () => 't'), messageIds: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]!.field).toBe('replyTokens');
  });

  it("lists a lead's sends, oldest first, with the mailbox address", async () => {
    const zed = item(A, 'zed@zed-eng.example');
    const res = await internal<{ items: LeadSend[] }>('nurture', `/internal/leads/${zed.leadId}/sends?campaignId=${A}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        ledgerKey: `${zed.enrolmentId}/0/a`,
        enrolmentId: zed.enrolmentId,
        campaignId: A,
        step: 0,
        variant: 'a',
        subject: 'Hello zed',
        status: 'sent',
        messageId,
        providerMessageId: 'sg-it-1',
        mailboxAddress: 'team@eng-sender.example',
        at: expect.any(String),
      },
    ]);
    expect((await internal<{ items: LeadSend[] }>('nurture', `/internal/leads/${zed.leadId}/sends?campaignId=${B}`)).body.items).toEqual([]);
    expect((await internal('nurture', `/internal/leads/not-a-lead/sends`)).status).toBe(400);
  });
});

describe('POST /internal/opt-outs', () => {
  it('suppresses the address and ends both of its enrolments in two campaigns, workflows included', async () => {
    const inA = item(A, 'opt@opt-eng.example');
    const inB = item(B, 'opt@opt-eng.example');
    const body = { email: 'Opt@Opt-Eng.example', kind: 'unsubscribe', eventId: 'inbox:it-eng-1', at: now(), enrolmentId: inA.enrolmentId, detail: 'unsubscribe link' };
    const first = await post<OptOutResult>('/internal/opt-outs', body);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ suppressed: true, stopped: 2 });
    for (const i of [inA, inB]) {
      expect((await rowOf(i)).status).toBe('opted-out');
      expect((await finalOf(i)).status).toBe('opted-out');
    }
    const listed = await internal<{ reason: string }>('nurture', '/internal/suppressions/address/opt@opt-eng.example');
    expect(listed.status).toBe(200);
    expect(listed.body.reason).toBe('unsubscribe (event inbox:it-eng-1): unsubscribe link');
    // The same event again: nothing new.
    expect((await post<OptOutResult>('/internal/opt-outs', body)).body).toEqual({ suppressed: false, stopped: 0 });
  }, 60_000);

  it('suppresses an address that has no enrolment at all', async () => {
    const res = await post<OptOutResult>('/internal/opt-outs', { email: 'nobody@no-enrolment-eng.example', kind: 'bounce', eventId: 'inbox:it-eng-2', at: now(), enrolmentId: null, detail: '550 5.1.1 user unknown' });
    expect(res.body).toEqual({ suppressed: true, stopped: 0 });
    expect((await internal<{ reason: string }>('nurture', '/internal/suppressions/address/nobody@no-enrolment-eng.example')).body.reason).toBe('hard bounce (event inbox:it-eng-2): 550 5.1.1 user unknown');
  });

  it('refuses a bad body, naming each field', async () => {
    const res = await post<{ details: Array<{ field: string }> }>('/internal/opt-outs', { email: 'x', kind: 'complaint', eventId: '', at: 'yesterday', enrolmentId: null });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d) => d.field).sort()).toEqual(['at', 'email', 'eventId', 'kind']);
  });
});

describe('POST /internal/account-replies', () => {
  const reply = (campaignId: string, email: string, eventId: string, from = email) => {
    const i = item(campaignId, email);
    return post<AccountReplyResult>('/internal/account-replies', { campaignId, leadId: i.leadId, email: from, eventId, at: now() });
  };

  it('a reply from a free-mail address stops nobody', async () => {
    const res = await reply(A, 'ann@acme-eng.example', 'inbox:it-eng-10', 'ann.private@gmail.com');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ companyDomain: null, policy: 'campaign', stopped: 0 });
  });

  it("policy 'none' stops nobody", async () => {
    expect((await reply(C, 'eve@none-eng.example', 'inbox:it-eng-11')).body).toEqual({ companyDomain: 'none-eng.example', policy: 'none', stopped: 0 });
    expect((await rowOf(item(C, 'fay@none-eng.example'))).status).toBe('waiting');
  });

  it("policy 'campaign' stops the colleague in this campaign only, never the replying lead; the same event again stops nobody", async () => {
    const res = await reply(A, 'ann@acme-eng.example', 'inbox:it-eng-12');
    expect(res.body).toEqual({ companyDomain: 'acme-eng.example', policy: 'campaign', stopped: 1 });
    const ben = item(A, 'ben@acme-eng.example');
    const final: NurtureStatus = await finalOf(ben);
    expect(final.status).toBe('stopped');
    expect(final.lastDecision?.what).toContain('a colleague at acme-eng.example replied');
    expect((await rowOf(ben)).status).toBe('stopped');
    expect((await rowOf(item(A, 'ann@acme-eng.example'))).status).toBe('waiting');
    expect((await rowOf(item(B, 'cid@acme-eng.example'))).status).toBe('waiting');
    expect((await rowOf(item(A, 'zed@zed-eng.example'))).status).toBe('waiting');
    expect((await reply(A, 'ann@acme-eng.example', 'inbox:it-eng-12')).body).toEqual({ companyDomain: 'acme-eng.example', policy: 'campaign', stopped: 0 });
  }, 60_000);

  it("policy 'all-campaigns' stops a colleague in another campaign", async () => {
    expect((await internal('nurture', `/internal/campaigns/${A}/nurture-settings`, { method: 'PUT', json: { colleagueStop: 'all-campaigns' } })).status).toBe(200);
    const res = await reply(A, 'ann@acme-eng.example', 'inbox:it-eng-13');
    expect(res.body).toEqual({ companyDomain: 'acme-eng.example', policy: 'all-campaigns', stopped: 1 });
    const cid = item(B, 'cid@acme-eng.example');
    expect((await finalOf(cid)).status).toBe('stopped');
    expect((await rowOf(cid)).last_decision).toBe('stopped: a colleague at acme-eng.example replied');
  }, 60_000);

  it('refuses a bad body, naming the field', async () => {
    const res = await post<{ details: Array<{ field: string }> }>('/internal/account-replies', { campaignId: A, leadId: 'x', email: 'ann@acme-eng.example', eventId: 'e', at: now() });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d) => d.field)).toEqual(['leadId']);
  });
});

import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { MailboxHealth } from '#libs/contracts';
import { api, eventually, internal } from '../setup/test-stack.js';
import {
  enrolThroughPipeline,
  pgClient,
  postEvents,
  postInboundReply,
  sendgridEvent,
  sentOf,
  settledRow,
  settledRowWhere,
  type SandboxMail,
  type SendGridEvent,
  type SentMessage,
} from './engagement-effects-kit.js';

/**
 * The effects of engagement besides the workflow signal, on the real stack (webhook, signaller, nurture, scoring,
 * routing): a click feeds the score and a machine open does not; a reply at a company domain stops a colleague's
 * sequence and records an account reply in routing, while a free-mail reply stops nobody; and a mailbox pauses at
 * 110 deliveries and 4 hard bounces (3.6% ≥ 3%) but not at 99 deliveries and 10 bounces (under the minimum).
 */
const campaign = 'it-engagement-effects';
const domain = 'effects-co.example';
const run = randomUUID().slice(0, 8);

let db: pg.Client;
let leadIds: Map<string, string>;
let firstSteps: SandboxMail[];
/** lead A clicks and replies, lead B's open is a machine's, lead C is their colleague. */
let A: SandboxMail;
let B: SandboxMail;
let C: SandboxMail;

interface SeededEnrolment extends SentMessage {
  enrolmentId: string;
  leadId: string;
  replyToken: string;
}

/** A lead (through the API) and an enrolment of it in the campaign's sequence, without a workflow. */
async function seedEnrolment(email: string, mailboxId: string): Promise<SeededEnrolment> {
  const lead = await api<{ id: string }>('/leads', { method: 'POST', json: { campaignId: campaign, email, firstName: 'Sam', lastName: 'Free', company: 'Somewhere' } });
  if (lead.status !== 200 && lead.status !== 201) throw new Error(`lead ${email}: ${lead.status} ${JSON.stringify(lead.body)}`);
  const { rows } = await db.query<{ id: string; reply_token: string }>(
    `INSERT INTO nurture.enrolments (campaign_id, lead_id, email, display_name, tier, sequence_id, sequence_version, mailbox_id, status)
     SELECT campaign_id, $2, $3, 'Sam Free', tier, sequence_id, sequence_version, $4, 'waiting' FROM nurture.enrolments WHERE id = $1
     RETURNING id, reply_token`,
    [A.customArgs.enrolment_id, lead.body.id, email.toLowerCase(), mailboxId],
  );
  const e = rows[0]!;
  return { enrolmentId: e.id, leadId: lead.body.id, replyToken: e.reply_token, email: email.toLowerCase(), xMessageId: `seeded-${e.id}`, customArgs: { enrolment_id: e.id, campaign_id: campaign, step: '0' } };
}

async function seedMailbox(id: string): Promise<void> {
  await db.query(`INSERT INTO nurture.mailboxes (id, address, display_name, daily_cap, hourly_cap, min_spacing_seconds) VALUES ($1, $2, $3, 500, 500, 0)`, [id, `${id}@sender.it.example`, `Sender ${id}`]);
  await db.query(`INSERT INTO nurture.campaign_mailboxes (campaign_id, mailbox_id) VALUES ($1, $2)`, [campaign, id]);
}

async function enrolmentStatus(enrolmentId: string): Promise<string> {
  const { rows } = await db.query<{ status: string }>(`SELECT status FROM nurture.enrolments WHERE id = $1`, [enrolmentId]);
  return rows[0]!.status;
}

async function scoreOf(leadId: string): Promise<{ score: number; engagement: number } | null> {
  const s = await internal<{ score: number; engagement: number }>('scoring', `/internal/campaigns/${campaign}/leads/${leadId}/score`);
  return s.status === 200 ? { score: s.body.score, engagement: s.body.engagement } : null;
}

async function scoringEvent(eventId: string): Promise<{ kind: string; machine: boolean } | undefined> {
  const { rows } = await db.query<{ kind: string; machine: boolean }>(`SELECT kind, machine FROM scoring.engagement_events WHERE event_id = $1`, [eventId]);
  return rows[0];
}

/** Events of one kind for one enrolment, each its own message (so no two share a content key). */
function eventsOf(sent: SentMessage, event: string, n: number, extra: Record<string, unknown> = {}): SendGridEvent[] {
  return Array.from({ length: n }, (_, i) => sendgridEvent({ ...sent, xMessageId: `${sent.xMessageId}-${event}-${i}` }, event, extra));
}

const HARD_BOUNCE = { type: 'bounce', bounce_classification: 'Invalid Address', reason: '550 5.1.1 user unknown' };

beforeAll(async () => {
  db = await pgClient();
  ({ leadIds, sent: firstSteps } = await enrolThroughPipeline({ campaign, mailboxId: 'it-eng-effects', domain, leads: 3, dailyCap: 15 }));
  expect(firstSteps).toHaveLength(3);
  [A, B, C] = firstSteps as [SandboxMail, SandboxMail, SandboxMail];
}, 240_000);

afterAll(() => db?.end());

describe('engagement feeds the score', () => {
  it('a click reaches scoring at once; a machine open is kept but never sent, and the score does not move', async () => {
    const click = sendgridEvent(sentOf(A), 'click', { url: 'https://acme.example/pricing', useragent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 Safari/605.1.15' });
    expect((await postEvents([click])).status).toBe(200);
    const clicked = await settledRow(db, click.sg_event_id);
    expect(clicked).toMatchObject({ kind: 'click', state: 'applied', machine: false });
    expect(clicked.effects.score).toEqual(expect.objectContaining({ sent: true }));
    expect(await scoringEvent(`inbox:${clicked.id}`)).toEqual({ kind: 'click', machine: false });

    const leadB = leadIds.get(sentOf(B).email)!;
    const before = await scoreOf(leadB);
    expect(before).not.toBeNull();
    const open = sendgridEvent(sentOf(B), 'open', { sg_machine_open: true, useragent: 'Mozilla/5.0' });
    expect((await postEvents([open])).status).toBe(200);
    const opened = await settledRow(db, open.sg_event_id);
    expect(opened).toMatchObject({ kind: 'open', state: 'applied', machine: true });
    expect(opened.effects.score).toEqual(expect.objectContaining({ skipped: 'machine' }));
    expect(await scoringEvent(`inbox:${opened.id}`)).toBeUndefined();
    expect(await scoreOf(leadB)).toEqual(before);
  }, 120_000);
});

describe('replies and the account', () => {
  let freeX: SeededEnrolment;
  let freeY: SeededEnrolment;

  beforeAll(async () => {
    freeX = await seedEnrolment(`eng-fx-x-${run}@gmail.com`, 'it-eng-effects');
    freeY = await seedEnrolment(`eng-fx-y-${run}@gmail.com`, 'it-eng-effects');
  }, 60_000);

  it('a reply at a company domain stops a colleague\'s sequence in the campaign and is recorded in routing', async () => {
    const a = sentOf(A);
    const leadA = leadIds.get(a.email)!;
    const leadC = leadIds.get(sentOf(C).email)!;
    expect(A.replyTo?.email).toMatch(/^[^+@]+\+[^@]+@/);
    const status = await postInboundReply({ from: a.email, to: A.replyTo!.email, subject: `Re: ${A.subject}`, text: "Sounds good, let's talk next week.", inReplyTo: A.headers['Message-ID'] });
    expect(status).toBe(200);
    const reply = await settledRowWhere(db, `lead_id = $1 AND kind = 'reply'`, [leadA], 'the reply applied');
    expect(reply.state).toBe('applied');
    expect(reply.effects.accountReply).toEqual(expect.objectContaining({ companyDomain: domain }));

    const { rows } = await db.query(`SELECT 1 FROM routing.account_replies WHERE company_domain = $1 AND lead_id = $2`, [domain, leadA]);
    expect(rows).toHaveLength(1);
    // The colleague's sequence ends; the reply itself ends the replying lead's as replied.
    const colleague = await eventually(async () => {
      const s = await api<{ status: string }>(`/leads/${leadC}/nurture?campaignId=${campaign}`);
      return s.body.status === 'stopped' ? s.body.status : undefined;
    }, 'the colleague\'s sequence to stop', 60_000);
    expect(colleague).toBe('stopped');
  }, 120_000);

  it('a free-mail reply stops nobody and tells routing nothing', async () => {
    const status = await postInboundReply({ from: freeX.email, to: `reply+${freeX.replyToken}@reply.it.example`, subject: 'Re: hello', text: 'Yes, interested. Call me.' });
    expect(status).toBe(200);
    const reply = await settledRowWhere(db, `lead_id = $1 AND kind = 'reply'`, [freeX.leadId], 'the free-mail reply applied');
    expect(reply.state).toBe('applied');
    expect(reply.effects.accountReply).toEqual({ companyDomain: null, skipped: 'free-mail domain gmail.com' });
    const { rows } = await db.query(`SELECT 1 FROM routing.account_replies WHERE lead_id = $1`, [freeX.leadId]);
    expect(rows).toHaveLength(0);
    // Give a stop every chance to land: the other gmail.com lead is still waiting.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await enrolmentStatus(freeY.enrolmentId)).toBe('waiting');
  }, 120_000);
});

describe('mailbox auto-pause', () => {
  const health = async (mailboxId: string) => (await internal<{ items: MailboxHealth[] }>('engagement', '/internal/mailboxes/health')).body.items.find((h) => h.mailboxId === mailboxId);
  const paused = async (mailboxId: string) =>
    (await db.query<{ paused_at: Date | null; paused_reason: string | null; paused_by: string | null }>(`SELECT paused_at, paused_reason, paused_by FROM nurture.mailboxes WHERE id = $1`, [mailboxId])).rows[0]!;

  /** Posts the deliveries, then the bounces, and waits until the signaller has finished with every one. */
  async function deliverAndBounce(mailboxId: string, tag: string, delivered: number, bounces: number): Promise<void> {
    await seedMailbox(mailboxId);
    const e = await seedEnrolment(`${tag}-${run}@health-co.example`, mailboxId);
    const events = [...eventsOf(e, 'delivered', delivered), ...eventsOf(e, 'bounce', bounces, HARD_BOUNCE)];
    for (let i = 0; i < events.length; i += 100) {
      const answer = await postEvents(events.slice(i, i + 100));
      expect(answer.status).toBe(200);
    }
    const ids = events.map((ev) => ev.sg_event_id);
    await eventually(async () => {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM engagement.inbox WHERE sg_event_id = ANY($1) AND state <> 'pending'`, [ids]);
      return rows[0]!.n === ids.length ? true : undefined;
    }, `${ids.length} events of ${mailboxId} applied`, 90_000);
  }

  it('110 deliveries and 4 hard bounces pause the mailbox with the reason', async () => {
    const mailboxId = `it-eng-pause-${run}`;
    await deliverAndBounce(mailboxId, 'pause', 110, 4);
    const h = await eventually(async () => {
      const x = await health(mailboxId);
      return x?.deliveries === 110 && x.pauseReason ? x : undefined;
    }, 'the mailbox health to say pause');
    expect(h).toMatchObject({ deliveries: 110, bounces: 4, spamReports: 0 });
    expect(h.pauseReason).toMatch(/bounce/i);
    const p = await eventually(async () => {
      const row = await paused(mailboxId);
      return row.paused_at ? row : undefined;
    }, 'nurture to pause the mailbox', 30_000);
    expect(p.paused_reason).toBe(h.pauseReason);
    expect(p.paused_by).toBe('auto');
    const { rows } = await db.query(`SELECT reason FROM engagement.mailbox_pauses WHERE mailbox_id = $1`, [mailboxId]);
    expect(rows).toEqual([{ reason: h.pauseReason }]);
    // The campaign's status says why.
    const summary = await api<{ pausedMailboxes: Array<{ mailboxId: string; reason: string | null; by: string | null }> }>(`/campaigns/${campaign}/nurture`);
    expect(summary.status).toBe(200);
    expect(summary.body.pausedMailboxes).toEqual(expect.arrayContaining([expect.objectContaining({ mailboxId, reason: h.pauseReason, by: 'auto' })]));
  }, 180_000);

  it('99 deliveries and 10 hard bounces do not (under the minimum of 100 deliveries)', async () => {
    const mailboxId = `it-eng-nopause-${run}`;
    await deliverAndBounce(mailboxId, 'nopause', 99, 10);
    // Past the trailing recount of the deliveries.
    await new Promise((r) => setTimeout(r, 6_000));
    expect(await health(mailboxId)).toMatchObject({ deliveries: 99, bounces: 10, pauseReason: null });
    expect((await paused(mailboxId)).paused_at).toBeNull();
    const { rows } = await db.query(`SELECT 1 FROM engagement.mailbox_pauses WHERE mailbox_id = $1`, [mailboxId]);
    expect(rows).toHaveLength(0);
  }, 180_000);
});

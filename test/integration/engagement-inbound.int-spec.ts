import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type pg from 'pg';
import { ENGAGEMENT_WEBHOOK_PATHS, nurtureWorkflowId, type LeadReply, type NurtureStatus } from '#libs/contracts';
import { api, eventually, inboundParseSecret, internal, serviceUrl, testStack } from '../setup/test-stack.js';
import { enrolThroughPipeline, pgClient, type SandboxMail } from './engagement-effects-kit.js';

/**
 * Replies through SendGrid Inbound Parse on the real stack: leads enrolled by a pipeline run get their first step
 * in the sandbox; replies posted as Inbound Parse posts them (multipart, basic-auth secret) reach the lead's
 * workflow only when they match what nurture issued and come from the address the sequence mails. A genuine reply
 * ends the sequence as replied and tells the owner; a German out-of-office pauses it until the date it names;
 * forged and unmatched posts stop and pause nothing (parked for a person, or refused).
 */
const campaign = 'it-inbound';
const domain = 'inbound-co.example';
const url = () => `${serviceUrl('engagement')}${ENGAGEMENT_WEBHOOK_PATHS.inbound}`;
const basic = (secret: string) => `Basic ${Buffer.from(`parse:${secret}`).toString('base64')}`;

interface Lead {
  email: string;
  leadId: string;
  token: string;
  messageId: string;
  subject: string;
}
let client: Client;
let db: pg.Client;
const leads: Lead[] = [];
const [replier, away, target] = [0, 1, 2];
const genuineReplyId = `<${randomUUID()}@mail.lead.example>`;

function header(mail: SandboxMail, name: string): string {
  return Object.entries(mail.headers).find(([k]) => k.toLowerCase() === name.toLowerCase())![1];
}

interface Post {
  from: string;
  to: string;
  subject: string;
  text: string;
  headers?: string[];
  messageId?: string;
}
/** A reply as Inbound Parse posts it: the raw header block and the parsed fields. */
function form(p: Post): FormData {
  const messageId = p.messageId ?? `<${randomUUID()}@mail.lead.example>`;
  const f = new FormData();
  f.set('headers', [`From: ${p.from}`, `To: ${p.to}`, `Subject: ${p.subject}`, `Message-ID: ${messageId}`, `Date: ${new Date().toUTCString()}`, ...(p.headers ?? [])].join('\n'));
  f.set('from', p.from);
  f.set('to', p.to);
  f.set('subject', p.subject);
  f.set('text', p.text);
  f.set('envelope', JSON.stringify({ to: [p.to.replace(/^.*<|>.*$/g, '')], from: p.from }));
  f.set('charsets', JSON.stringify({ headers: 'UTF-8', from: 'UTF-8', to: 'UTF-8', subject: 'UTF-8', text: 'UTF-8' }));
  f.set('spam_score', '0.1');
  return f;
}
async function post(body: FormData | string, init: { auth?: string | null; contentType?: string } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const auth = init.auth === undefined ? basic(inboundParseSecret()) : init.auth;
  const res = await fetch(url(), {
    method: 'POST',
    headers: { ...(auth ? { authorization: auth } : {}), ...(init.contentType ? { 'content-type': init.contentType } : {}) },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function signals(lead: Lead): Promise<string[]> {
  const history = await client.workflow.getHandle(nurtureWorkflowId(campaign, lead.leadId)).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes).map((e) => e.workflowExecutionSignaledEventAttributes!.signalName!);
}
const status = (lead: Lead) => client.workflow.getHandle(nurtureWorkflowId(campaign, lead.leadId)).query<NurtureStatus>('status');
const replies = async (lead: Lead) => (await internal<{ items: LeadReply[] }>('engagement', `/internal/leads/${lead.leadId}/replies?campaignId=${campaign}`)).body.items;
const inboxCount = async () => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM engagement.inbox WHERE source = 'inbound-parse'`)).rows[0]!.n);
async function inboxRowOf(messageId: string) {
  const { rows } = await db.query<{ id: string; kind: string; state: string; parked_reason: string | null; effects: Record<string, unknown>; lead_id: string | null; detail: string }>(
    `SELECT i.id::text, i.kind, i.state, i.parked_reason, i.effects, i.lead_id, i.detail FROM engagement.inbox i JOIN engagement.replies r ON r.inbox_id = i.id WHERE r.message_id = $1`,
    [messageId],
  );
  return rows;
}

beforeAll(async () => {
  const stack = testStack();
  client = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }), namespace: stack.namespace });
  db = await pgClient();
  const { leadIds, sent } = await enrolThroughPipeline({ campaign, mailboxId: 'it-inbound', domain, leads: 3, dailyCap: 15 });
  // The leads share a company domain: a reply must not stop the others here (colleague stops have specs of their own).
  const settings = await api<{ colleagueStop?: string }>(`/campaigns/${campaign}/nurture/settings`, { method: 'PUT', json: { colleagueStop: 'none' } });
  expect([settings.status, settings.body.colleagueStop]).toEqual([200, 'none']);
  for (const mail of [...sent].sort((a, b) => a.to[0]!.email.localeCompare(b.to[0]!.email))) {
    const email = mail.to[0]!.email.toLowerCase();
    leads.push({ email, leadId: leadIds.get(email)!, token: /^reply\+([^@]+)@/.exec(mail.replyTo!.email)![1]!, messageId: header(mail, 'Message-ID'), subject: mail.subject });
  }
  expect(leads).toHaveLength(3);
}, 240_000);

afterAll(async () => {
  await db?.end();
  await client?.connection.close();
});

describe('Inbound Parse replies', () => {
  it('a genuine reply is stored with its class and visible text and ends the sequence as replied; the same mail again adds nothing', async () => {
    const lead = leads[replier]!;
    const text = `Yes, let's book a call next week.\n\nOn Thu, Dec 3, 2026 at 10:00 AM Sender <sender@it-inbound.example> wrote:\n> ${lead.subject}\n> Reply "unsubscribe" to stop these emails.\n`;
    const reply: Post = { from: `Lead Zero <${lead.email}>`, to: `reply+${lead.token}@reply.it.example`, subject: `Re: ${lead.subject}`, text, messageId: genuineReplyId, headers: [`In-Reply-To: ${lead.messageId}`, `References: ${lead.messageId}`] };
    const first = await post(form(reply));
    expect(first).toEqual({ status: 200, body: { received: true, duplicate: false, kind: 'reply', state: 'pending' } });

    const [row] = await inboxRowOf(genuineReplyId);
    expect(row).toMatchObject({ kind: 'reply', detail: 'interested', lead_id: lead.leadId });
    const [shown] = await replies(lead);
    expect(shown).toMatchObject({ replyClass: 'interested', text: "Yes, let's book a call next week.", matchedBy: 'reply-token', autoReply: false, outOfOfficeUntil: null, from: lead.email });

    await eventually(async () => ((await status(lead)).status === 'replied' ? true : undefined), 'the workflow to end as replied', 60_000);
    expect(await signals(lead)).toContain('replied');

    // SendGrid retries a post it did not see answered: the same Message-ID adds no row.
    const before = await inboxCount();
    expect(await post(form(reply))).toEqual({ status: 200, body: { received: true, duplicate: true, kind: 'reply', state: 'pending' } });
    expect(await inboxCount()).toBe(before);
    expect(await inboxRowOf(genuineReplyId)).toHaveLength(1);
  }, 120_000);

  it("the lead's owner is told once through SendGrid, with the lead, campaign, class and the text without the quote", async () => {
    const lead = leads[replier]!;
    const [row] = await inboxRowOf(genuineReplyId);
    const shown = await eventually(async () => {
      const [r] = await replies(lead);
      return r?.ownerNotifiedAt ? r : undefined;
    }, "the owner's notice to be stamped", 60_000);
    expect(shown.ownerNotifiedAt).not.toBeNull();
    const notices = (await (await fetch(`${testStack().sendgridUrl}/__sandbox/messages?custom_arg.inbox_id=${row!.id}`)).json()) as { messages: Array<{ subject: string; text?: string }> };
    expect(notices.messages).toHaveLength(1);
    expect(notices.messages[0]!.subject).toContain(lead.leadId);
    expect(notices.messages[0]!.text).toContain(`Campaign: ${campaign}`);
    expect(notices.messages[0]!.text).toContain("Yes, let's book a call next week.");
    expect(notices.messages[0]!.text).not.toContain('unsubscribe');
  }, 90_000);

  it('an out-of-office in German, matched by its In-Reply-To, pauses the sequence until the date it names', async () => {
    const lead = leads[away]!;
    const back = new Date(Date.now() + 20 * 86_400_000);
    const dd = String(back.getUTCDate()).padStart(2, '0');
    const mm = String(back.getUTCMonth() + 1).padStart(2, '0');
    const messageId = `<${randomUUID()}@mail.lead.example>`;
    const answer = await post(
      form({
        from: lead.email,
        // No reply token in To: the In-Reply-To header is what matches.
        to: 'sender@it-inbound.example',
        subject: `Abwesenheitsnotiz: ${lead.subject}`,
        text: `Vielen Dank für Ihre Nachricht. Ich bin bis zum ${dd}.${mm}. nicht im Büro und habe nur eingeschränkt Zugriff auf meine E-Mails.`,
        messageId,
        headers: [`In-Reply-To: ${lead.messageId}`, 'Auto-Submitted: auto-replied'],
      }),
    );
    expect(answer.body).toMatchObject({ kind: 'out_of_office', state: 'pending' });
    const paused = await eventually(async () => {
      const s = await status(lead);
      return s.status === 'paused' ? s : undefined;
    }, 'the workflow to pause for the out-of-office', 60_000);
    expect(await signals(lead)).toContain('outOfOffice');
    const [shown] = await replies(lead);
    expect(shown).toMatchObject({ replyClass: 'out_of_office', autoReply: true, matchedBy: 'message-id', step: 0, ownerNotifiedAt: null });
    expect(shown!.outOfOfficeUntil!.slice(0, 10)).toBe(back.toISOString().slice(0, 10));
    // Nothing is sent before the return date.
    expect(paused.nextWakeAt === null || paused.nextWakeAt.slice(0, 10) >= back.toISOString().slice(0, 10)).toBe(true);
  }, 90_000);

  it('forged and unmatched posts stop and pause nothing: refused, or parked for a person with the reason', async () => {
    const lead = leads[target]!;
    const ended = leads[replier]!;
    const statusBefore = (await status(lead)).status;
    const signalsBefore = await signals(lead);
    const rowsBefore = await inboxCount();
    const genuine = (over: Partial<Post> = {}): Post => ({ from: lead.email, to: `reply+${lead.token}@reply.it.example`, subject: `Re: ${lead.subject}`, text: 'Please remove me. Not interested.', ...over });

    // Refused before anything is stored: no auth, a wrong secret, not multipart, too big.
    expect((await post(form(genuine()), { auth: null })).status).toBe(401);
    expect((await post(form(genuine()), { auth: basic(`${inboundParseSecret()}x`) })).status).toBe(401);
    expect((await post(form(genuine()), { auth: `Basic ${Buffer.from(`${inboundParseSecret()}:parse`).toString('base64')}` })).status).toBe(401);
    expect((await post(JSON.stringify({ from: lead.email, to: `reply+${lead.token}@x`, text: 'stop' }), { contentType: 'application/json' })).status).toBe(415);
    expect((await post(form(genuine({ text: `Remove me. ${'x'.repeat(1024 * 1024 + 1)}` })))).status).toBe(413);
    const huge = form(genuine());
    huge.set('attachment1', new Blob([Buffer.alloc(26 * 1024 * 1024)]), 'huge.bin');
    expect((await post(huge)).status).toBe(413);
    expect(await inboxCount()).toBe(rowsBefore);

    // Right secret, but nothing nurture issued, or not from the lead: parked with the reason.
    const parked: Array<[string, Post, string]> = [
      ['an unknown reply token', genuine({ to: 'reply+notissued0123@reply.it.example' }), 'no enrolment behind its reply token or Message-IDs'],
      ['our Message-ID on another domain', genuine({ to: 'sender@it-inbound.example', headers: [`In-Reply-To: ${lead.messageId.replace(/@[^>]+>/, '@attacker.example>')}`] }), 'no reply token and no Message-ID of ours in the reply'],
      ['the right token from another address', genuine({ from: 'Boss <boss@inbound-co.example>' }), `from boss@inbound-co.example but the sequence mails ${lead.email}`],
      ['the token of an ended enrolment', genuine({ from: ended.email, to: `reply+${ended.token}@reply.it.example` }), 'the sequence already ended (replied)'],
    ];
    for (const [what, p, reason] of parked) {
      const messageId = `<${randomUUID()}@mail.forger.example>`;
      const answer = await post(form({ ...p, messageId }));
      expect([what, answer.status, answer.body.state]).toEqual([what, 200, 'parked']);
      const rows = await inboxRowOf(messageId);
      expect([what, rows.length, rows[0]!.state, rows[0]!.parked_reason, rows[0]!.effects]).toEqual([what, 1, 'parked', reason, {}]);
    }

    // Nothing reached the target's workflow, and the ended lead stays replied; the signaller had time to act.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await signals(lead)).toEqual(signalsBefore);
    expect((await status(lead)).status).toBe(statusBefore);
    expect((await status(ended)).status).toBe('replied');
    expect((await signals(ended)).filter((s) => s === 'replied')).toHaveLength(1);
    // A parked reply from someone else does not show on the lead.
    expect(await replies(lead)).toEqual([]);
  }, 120_000);
});

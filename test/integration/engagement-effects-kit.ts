import { randomUUID, sign } from 'node:crypto';
import pg from 'pg';
import { ENGAGEMENT_WEBHOOK_PATHS } from '#libs/contracts';
import { holidayName } from '#libs/send-calendar';
import { seedDemoNurture } from '../../tools/launcher/src/demo-seed.js';
import { api, eventually, inboundParseSecret, serviceUrl, testStack, webhookSigningKey } from '../setup/test-stack.js';

/** What the engagement effect and opt-out specs share: signed Event Webhook posts and reads of the services' tables. */

/** A SendGrid event as the Event Webhook posts it; nurture's custom_args come back as top-level fields. */
export type SendGridEvent = Record<string, unknown> & { event: string; email: string; timestamp: number; sg_event_id: string };

/** What a send carried that its events echo (a sandbox message, or an enrolment seeded without a workflow). */
export interface SentMessage {
  email: string;
  /** The X-Message-Id SendGrid answered; events carry it with a filter suffix. */
  xMessageId: string;
  customArgs: Record<string, string>;
}

export function sendgridEvent(sent: SentMessage, event: string, extra: Record<string, unknown> = {}): SendGridEvent {
  return {
    email: sent.email,
    timestamp: Math.floor(Date.now() / 1000),
    event,
    sg_event_id: randomUUID().replace(/-/g, '').slice(0, 22),
    sg_message_id: `${sent.xMessageId}.filterdrecv-7f9c-1-${randomUUID().slice(0, 8)}-0`,
    ...sent.customArgs,
    ...extra,
  };
}

/** Signs as SendGrid does: ECDSA P-256 with SHA-256 over the timestamp header followed by the raw body, DER in base64. */
export function signWebhook(body: string, timestamp: string, privateKeyPem = webhookSigningKey()): string {
  return sign('sha256', Buffer.from(timestamp + body), privateKeyPem).toString('base64');
}

export interface WebhookAnswer {
  status: number;
  body: { accepted?: number; duplicates?: number } & Record<string, unknown>;
  /** Milliseconds from the post to the answer. */
  ms: number;
}

export async function postEvents(events: SendGridEvent[]): Promise<WebhookAnswer> {
  const body = JSON.stringify(events);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const started = performance.now();
  const res = await fetch(`${serviceUrl('engagement')}${ENGAGEMENT_WEBHOOK_PATHS.events}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-twilio-email-event-webhook-signature': signWebhook(body, timestamp),
      'x-twilio-email-event-webhook-timestamp': timestamp,
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as WebhookAnswer['body']) : {}, ms: performance.now() - started };
}

export async function pgClient(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: testStack().databaseUrl });
  await c.connect();
  return c;
}

export interface InboxRowView {
  id: string;
  kind: string;
  state: string;
  machine: boolean;
  effects: Record<string, unknown>;
  lead_id: string | null;
  mailbox_id: string | null;
}

/** The inbox row of an event once the signaller has finished with it (applied or parked). */
export async function settledRow(db: pg.Client, sgEventId: string, timeoutMs = 60_000): Promise<InboxRowView> {
  return eventually(
    async () => {
      const { rows } = await db.query<InboxRowView>(`SELECT id::text, kind, state, machine, effects, lead_id, mailbox_id FROM engagement.inbox WHERE sg_event_id = $1`, [sgEventId]);
      return rows[0] && rows[0].state !== 'pending' ? rows[0] : undefined;
    },
    `inbox row of event ${sgEventId} applied or parked`,
    timeoutMs,
  );
}

/** When the address went on nurture's global suppression list, or null while it is not on it. */
export async function suppressedAt(db: pg.Client, email: string): Promise<Date | null> {
  const { rows } = await db.query<{ created_at: Date }>(`SELECT created_at FROM nurture.suppressions WHERE kind = 'address' AND value = $1`, [email.toLowerCase()]);
  return rows[0]?.created_at ?? null;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface SandboxMail {
  xMessageId: string;
  to: Array<{ email: string }>;
  replyTo?: { email: string };
  subject: string;
  headers: Record<string, string>;
  customArgs: Record<string, string>;
}

/** Messages the sandbox accepted for addresses at the domain. */
export async function sandboxMail(domain: string): Promise<SandboxMail[]> {
  const res = await fetch(`${testStack().sendgridUrl}/api/messages?limit=10000`);
  const body = (await res.json()) as { messages: SandboxMail[] };
  return body.messages.filter((m) => m.to.some((t) => t.email.endsWith(`@${domain}`)));
}

export const sentOf = (m: SandboxMail): SentMessage => ({ email: m.to[0]!.email.toLowerCase(), xMessageId: m.xMessageId, customArgs: m.customArgs });

export interface PipelineCampaign {
  campaign: string;
  mailboxId: string;
  domain: string;
  leads: number;
  /** Sends a day; the demo sequence has five steps, so a fifth of it is admitted today. */
  dailyCap: number;
}

/**
 * A campaign as a person sets one up (the demo's templates and sequences, a mailbox, settings open every day),
 * leads imported at one company domain, and a pipeline run: leads are scored, routed and enrolled in real
 * leadNurture workflows, and the admitted ones get their first step in the sandbox. Answers the lead ids by
 * address and the first steps sent.
 */
export async function enrolThroughPipeline(c: PipelineCampaign): Promise<{ leadIds: Map<string, string>; sent: SandboxMail[] }> {
  const stack = testStack();
  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const country = ['US', 'GB', 'DE', 'CA', 'AU', 'IE', 'NL', 'SE'].find((x) => !holidayName(x, null, today) && !holidayName(x, null, tomorrow)) ?? 'US';
  const created = await api('/campaigns', { method: 'POST', json: { id: c.campaign, name: `Engagement ${c.campaign}`, timeZone: 'UTC' } });
  if (created.status !== 201) throw new Error(`campaign: ${created.status} ${JSON.stringify(created.body)}`);
  await api(`/campaigns/${c.campaign}/sources`, { method: 'PUT', json: { sources: [{ source: 'drop-folder', enabled: true }] } });
  await seedDemoNurture(stack.apiUrl, stack.apiKey, 'UTC', {
    campaignId: c.campaign,
    mailbox: { id: c.mailboxId, address: `sender@${c.mailboxId}.example`, dailyCap: c.dailyCap, hourlyCap: c.dailyCap, minSpacingSeconds: 0, warmup: null },
    settings: { jitterSeconds: 0, postalAddress: 'Engagement IT Ltd, 3 Test Road, Testville 00003' },
  });
  const csv = [
    'Email,First Name,Last Name,Title,Company,Company Domain,Industry,Employees,Country,Time Zone,Technologies,Notes',
    ...Array.from({ length: c.leads }, (_, i) => `lead${i}@${c.domain},Lee${i},Tester,VP Sales,Acme ${i},${c.domain},Software,${200 + i},${country},UTC,Salesforce;HubSpot,asked for pricing and a demo`),
  ].join('\n');
  const upload = await api<{ id: string }>(`/campaigns/${c.campaign}/imports?fileName=engagement.csv`, { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } });
  if (upload.status !== 202) throw new Error(`import: ${upload.status} ${JSON.stringify(upload.body)}`);
  await eventually(async () => ((await api<{ status: string }>(`/imports/${upload.body.id}`)).body.status === 'completed' ? true : undefined), 'the import');
  const leads = await api<{ items: Array<{ id: string; email: string }> }>(`/leads?campaignId=${c.campaign}&limit=100`);
  const leadIds = new Map(leads.body.items.map((l) => [l.email.toLowerCase(), l.id]));
  const started = await api<{ workflowId: string; runId: string }>('/pipeline/runs', { method: 'POST', json: { campaignId: c.campaign } });
  if (started.status !== 202) throw new Error(`pipeline run: ${started.status} ${JSON.stringify(started.body)}`);
  const admitted = Math.floor(c.dailyCap / 5);
  const sent = await eventually(async () => {
    const m = await sandboxMail(c.domain);
    return m.length >= admitted ? m : undefined;
  }, 'the first steps in the sandbox', 150_000);
  return { leadIds, sent };
}

/** The inbox row the query finds once the signaller has finished with it. */
export async function settledRowWhere(db: pg.Client, where: string, params: unknown[], what: string, timeoutMs = 60_000): Promise<InboxRowView> {
  return eventually(
    async () => {
      const { rows } = await db.query<InboxRowView>(`SELECT id::text, kind, state, machine, effects, lead_id, mailbox_id FROM engagement.inbox WHERE ${where} ORDER BY id DESC LIMIT 1`, params);
      return rows[0] && rows[0].state !== 'pending' ? rows[0] : undefined;
    },
    what,
    timeoutMs,
  );
}

/** A reply as SendGrid's Inbound Parse posts it: multipart form fields, the URL's basic-auth secret. */
export async function postInboundReply(r: { from: string; to: string; subject: string; text: string; inReplyTo?: string }): Promise<number> {
  const messageId = `<${randomUUID()}@mail.gmail.example>`;
  const headers = [
    `From: ${r.from}`,
    `To: ${r.to}`,
    `Subject: ${r.subject}`,
    `Message-ID: ${messageId}`,
    ...(r.inReplyTo ? [`In-Reply-To: ${r.inReplyTo}`, `References: ${r.inReplyTo}`] : []),
    `Date: ${new Date().toUTCString()}`,
    'Content-Type: text/plain; charset=UTF-8',
  ].join('\n');
  const form = new FormData();
  form.set('headers', headers);
  form.set('from', r.from);
  form.set('to', r.to);
  form.set('subject', r.subject);
  form.set('text', r.text);
  form.set('envelope', JSON.stringify({ to: [r.to], from: r.from }));
  form.set('charsets', JSON.stringify({ headers: 'UTF-8', from: 'UTF-8', to: 'UTF-8', subject: 'UTF-8', text: 'UTF-8' }));
  form.set('spam_score', '0.1');
  const res = await fetch(`${serviceUrl('engagement')}${ENGAGEMENT_WEBHOOK_PATHS.inbound}`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`parse:${inboundParseSecret()}`).toString('base64')}` },
    body: form,
  });
  await res.text();
  return res.status;
}

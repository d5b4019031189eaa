import pg from 'pg';
import { DataSource } from 'typeorm';
import { serviceDataSourceOptions } from '#libs/database';
import { LeadFactsClient } from '#libs/stage-clients';
import { ChaosCrash } from '../../../services/nurture/src/sending/chaos-crash.js';
import { SendgridGateway } from '../../../services/nurture/src/sending/sendgrid-gateway.js';
import { StepSender, type SenderConfig } from '../../../services/nurture/src/sending/step-sender.js';
import { api, testStack } from '../../setup/test-stack.js';

/** What the sending specs share: campaigns, leads and enrolments seeded on the real stack, and the sandbox's messages. */

export const SENDER_CONFIG: SenderConfig = {
  NURTURE_SEND_SETTLE_SECONDS: 2,
  NURTURE_REPLY_DOMAIN: 'reply.it.example',
  NURTURE_MESSAGE_ID_DOMAIN: 'mail.it.example',
  PUBLIC_API_URL: 'https://api.it.example',
  UNSUBSCRIBE_SECRET: 'integration-unsubscribe-secret',
};

/** The environment a sender runner process needs to build the same StepSender. */
export function runnerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const s = testStack();
  return {
    PATH: process.env.PATH,
    DATABASE_URL: s.databaseUrl,
    HARVEST_URL: s.harvestUrl,
    INTERNAL_API_TOKEN: s.internalToken,
    SENDGRID_BASE_URL: s.sendgridUrl,
    NURTURE_SEND_TIMEOUT_MS: '3000',
    ...Object.fromEntries(Object.entries(SENDER_CONFIG).map(([k, v]) => [k, String(v)])),
    ...extra,
  };
}

export async function nurtureDb(): Promise<DataSource> {
  const db = new DataSource(serviceDataSourceOptions({ url: testStack().databaseUrl, schema: 'nurture', entities: [], migrations: [], applicationName: 'it-sending', poolSize: 4 }));
  return db.initialize();
}

export function pgClient(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: testStack().databaseUrl });
  return c.connect().then(() => c);
}

export function stepSender(db: DataSource): StepSender {
  const s = testStack();
  return new StepSender(
    db,
    new LeadFactsClient(s.harvestUrl, s.internalToken),
    new SendgridGateway({ SENDGRID_BASE_URL: s.sendgridUrl, SENDGRID_API_KEY: undefined, NURTURE_SEND_TIMEOUT_MS: 3000 }),
    SENDER_CONFIG,
    new ChaosCrash(undefined),
  );
}

export interface MailboxSeed {
  id: string;
  dailyCap: number;
  hourlyCap: number;
  minSpacingSeconds?: number;
}

export interface CampaignSeed {
  campaignId: string;
  mailboxes: MailboxSeed[];
  /** Steps of the sequence; each names its template (one variant) and whether it starts a new thread. */
  steps?: Array<{ templateId: string; newThread?: boolean }>;
  postalAddress?: string | null;
}

export const STEP_TEMPLATES = {
  first: { subject: 'Quick question about {{company}}', html: '<p>Hi {{firstName}},</p><p>How does {{company}} book meetings today?</p>' },
  follow: { subject: 'Following up', html: '<p>{{firstName}}, just bumping this up.</p>' },
  fresh: { subject: 'A new idea for {{company}}', html: '<p>Hello again {{firstName}}.</p>' },
};

/** The campaign (API), its nurture settings, templates, one sequence and its mailboxes (nurture schema). */
export async function seedCampaign(db: pg.Client, seed: CampaignSeed): Promise<void> {
  const created = await api('/campaigns', { method: 'POST', json: { id: seed.campaignId, name: `Sending ${seed.campaignId}` } });
  if (created.status !== 201) throw new Error(`campaign ${seed.campaignId}: ${created.status} ${JSON.stringify(created.body)}`);
  await db.query(
    `INSERT INTO nurture.campaign_settings (campaign_id, send_window, postal_address, unsubscribe_mailto) VALUES ($1, '{}'::jsonb, $2, 'unsubscribe@it.example')
     ON CONFLICT (campaign_id) DO UPDATE SET postal_address = EXCLUDED.postal_address, unsubscribe_mailto = EXCLUDED.unsubscribe_mailto, state = 'active'`,
    [seed.campaignId, seed.postalAddress === undefined ? 'AICMO Test Ltd, 1 Test Street, Testville' : seed.postalAddress],
  );
  for (const [id, t] of Object.entries(STEP_TEMPLATES)) {
    await db.query(`INSERT INTO nurture.templates (campaign_id, id, version, subject, html, fallbacks) VALUES ($1, $2, 1, $3, $4, $5)`, [seed.campaignId, id, t.subject, t.html, JSON.stringify({ company: 'your team' })]);
  }
  const steps = (seed.steps ?? [{ templateId: 'first' }, { templateId: 'follow' }]).map((s, i) => ({ businessDays: i * 3, newThread: s.newThread ?? false, variants: [{ id: 'a', templateId: s.templateId, weight: 1 }] }));
  await db.query(`INSERT INTO nurture.sequences (campaign_id, id, version, name, steps) VALUES ($1, 'main', 1, 'Main', $2)`, [seed.campaignId, JSON.stringify(steps)]);
  for (const m of seed.mailboxes) {
    await db.query(`INSERT INTO nurture.mailboxes (id, address, display_name, daily_cap, hourly_cap, min_spacing_seconds) VALUES ($1, $2, $3, $4, $5, $6)`, [
      m.id,
      `${m.id}@sender.it.example`,
      `Sender ${m.id}`,
      m.dailyCap,
      m.hourlyCap,
      m.minSpacingSeconds ?? 0,
    ]);
    await db.query(`INSERT INTO nurture.campaign_mailboxes (campaign_id, mailbox_id) VALUES ($1, $2)`, [seed.campaignId, m.id]);
  }
}

export interface SeededEnrolment {
  enrolmentId: string;
  leadId: string;
  email: string;
  mailboxId: string;
}

/** Leads through the API (harvest owns them), then one enrolment each, mailboxes assigned round-robin. */
export async function seedEnrolments(db: pg.Client, campaignId: string, mailboxIds: string[], count: number, first: (i: number) => string | null = (i) => `Lee${i}`): Promise<SeededEnrolment[]> {
  const out: SeededEnrolment[] = [];
  for (let i = 0; i < count; i++) {
    const email = `lead${i}@${campaignId}.example`;
    const firstName = first(i);
    const lead = await api<{ id: string }>('/leads', { method: 'POST', json: { campaignId, email, ...(firstName ? { firstName } : {}), lastName: 'Ray', company: `Acme ${i} & Sons` } });
    if (lead.status !== 200 && lead.status !== 201) throw new Error(`lead ${email}: ${lead.status} ${JSON.stringify(lead.body)}`);
    const mailboxId = mailboxIds[i % mailboxIds.length]!;
    const row = await db.query<{ id: string }>(
      `INSERT INTO nurture.enrolments (campaign_id, lead_id, email, display_name, tier, sequence_id, sequence_version, mailbox_id, status)
       VALUES ($1, $2, $3, $4, 'warm', 'main', 1, $5, 'waiting') RETURNING id`,
      [campaignId, lead.body.id, email, `${firstName ?? ''} Ray`.trim(), mailboxId],
    );
    out.push({ enrolmentId: row.rows[0]!.id, leadId: lead.body.id, email, mailboxId });
  }
  return out;
}

export interface SandboxMessage {
  xMessageId: string;
  to: Array<{ email: string; name?: string }>;
  from: { email: string; name?: string };
  replyTo?: { email: string };
  subject: string;
  text?: string;
  html?: string;
  headers: Record<string, string>;
  customArgs: Record<string, string>;
  categories: string[];
  receivedAt: string;
}

/** Every message the sandbox accepted for this campaign (its id is the first category). */
export async function sandboxMessages(campaignId: string): Promise<SandboxMessage[]> {
  const res = await fetch(`${testStack().sendgridUrl}/api/messages?limit=10000`);
  const body = (await res.json()) as { messages: SandboxMessage[] };
  return body.messages.filter((m) => m.categories[0] === campaignId || m.customArgs.campaign_id === campaignId);
}

/** A header by name, as mail headers are: case-insensitive. */
export function header(m: SandboxMessage, name: string): string | undefined {
  const key = Object.keys(m.headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : m.headers[key];
}

/** The compliance every send must carry: List-Unsubscribe (https + mailto), one-click, both parts with footer. */
export function complianceProblems(m: SandboxMessage, postalAddress = 'AICMO Test Ltd, 1 Test Street, Testville'): string[] {
  const problems: string[] = [];
  const lu = header(m, 'List-Unsubscribe') ?? '';
  const https = /<(https:\/\/[^>]+\/unsubscribe\/[^>]+)>/.exec(lu)?.[1];
  if (!https) problems.push(`List-Unsubscribe without the https URL: ${lu}`);
  if (!lu.includes('<mailto:unsubscribe@it.example')) problems.push(`List-Unsubscribe without mailto: ${lu}`);
  if (header(m, 'List-Unsubscribe-Post') !== 'List-Unsubscribe=One-Click') problems.push('List-Unsubscribe-Post missing');
  if (!/^<[^@\s<>]+@[^@\s<>]+>$/.test(header(m, 'Message-ID') ?? '')) problems.push(`Message-ID: ${header(m, 'Message-ID')}`);
  if (!m.text || !m.html) problems.push('a part is missing');
  for (const [part, body] of [['text', m.text ?? ''], ['html', (m.html ?? '').replace(/&amp;/g, '&')]] as const) {
    if (https && !body.includes(https)) problems.push(`${part} part without the unsubscribe link`);
    if (!body.includes(postalAddress)) problems.push(`${part} part without the postal address`);
  }
  return problems;
}

export type SandboxFault = 'rate-limit' | 'server-error' | 'timeout' | 'reset-after-accept';

/** Queues one provider fault for the sandbox's next Mail Send request; null clears the queue. */
export async function injectSandboxFault(fault: SandboxFault | null): Promise<void> {
  const url = `${testStack().sendgridUrl}/__sandbox/faults`;
  const res =
    fault === null
      ? await fetch(url, { method: 'DELETE' })
      : await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ kind: fault, ...(fault === 'rate-limit' ? { retryAfterSeconds: 1 } : {}) }]) });
  if (!res.ok) throw new Error(`sandbox faults: ${res.status} ${await res.text()}`);
}

/** The sandbox's Email Activity API: `forbidden` answers 403, as an account without the paid add-on. */
export async function setSandboxActivity(access: 'enabled' | 'forbidden'): Promise<void> {
  const res = await fetch(`${testStack().sendgridUrl}/__sandbox/activity`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ access }) });
  if (!res.ok) throw new Error(`sandbox activity: ${res.status} ${await res.text()}`);
}

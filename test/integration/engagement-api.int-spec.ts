import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { api, eventually, internal, testStack } from '../setup/test-stack.js';

/**
 * The API side of engagement on the test stack: GET /leads/{id}/journey lists a lead's engagement and replies in
 * time order (a reply once, with its class and text; machine opens flagged), 404 for an unknown lead, 503 naming
 * engagement while it is down (never a journey with a part missing), and GET /engagement/parked pages what could
 * not be tied to a send. The inbox rows are written as the webhook and Inbound Parse would have left them.
 */
const campaign = 'it-engagement-api';
const domain = 'engagement-api.example';
const csv = ['Email,First Name,Company,Company Domain', `ann@${domain},Ann,Acme,${domain}`, `bob@${domain},Bob,Acme,${domain}`].join('\n');

interface Entry {
  type: 'send' | 'engagement' | 'reply';
  id?: string;
  kind?: string;
  at: string;
  machine?: boolean;
  replyClass?: string;
  text?: string;
}
interface Journey {
  leadId: string;
  campaignId: string;
  workflowId: string | null;
  workflowUrl: string | null;
  entries: Entry[];
}
interface ParkedPage {
  items: Array<{ id: string; source: string; kind: string; reason: string; email: string | null; summary: string }>;
  next: string | null;
}

let db: pg.Client;
let batchId: string;
const leadIds = new Map<string, string>();
const tag = randomBytes(4).toString('hex');

/** One inbox row as the signaller leaves it (applied) or parks it; returns its id. */
async function inboxRow(row: { source?: string; kind: string; at: string; leadId?: string | null; state?: string; email?: string; machine?: boolean; detail?: string; parkedReason?: string; step?: number | null }): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO engagement.inbox (batch_id, source, kind, sg_event_id, content_key, occurred_at, email, campaign_id, lead_id, step, detail, machine, machine_reason, payload, state, parked_reason, applied_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, '{}'::jsonb, $14, $15, CASE WHEN $14 = 'applied' THEN now() END)
     RETURNING id`,
    [
      batchId,
      row.source ?? 'event-webhook',
      row.kind,
      row.source === 'inbound-parse' ? null : `it-${tag}-${randomUUID()}`,
      `it-${tag}-${randomUUID()}`,
      row.at,
      row.email ?? null,
      row.leadId === null ? null : campaign,
      row.leadId ?? null,
      row.step === undefined ? 0 : row.step,
      row.detail ?? null,
      row.machine ?? false,
      row.machine ? 'sg_machine_open' : null,
      row.state ?? 'applied',
      row.parkedReason ?? null,
    ],
  );
  return rows[0]!.id;
}

const journey = (leadId: string) => api<Journey & { code?: string; message?: string }>(`/leads/${leadId}/journey?campaignId=${campaign}`);

beforeAll(async () => {
  expect((await api('/campaigns', { method: 'POST', json: { id: campaign, name: 'Engagement API' } })).status).toBe(201);
  const upload = await api<{ id: string }>(`/campaigns/${campaign}/imports?fileName=engagement.csv`, { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } });
  expect(upload.status).toBe(202);
  await eventually(async () => ((await api<{ status: string }>(`/imports/${upload.body.id}`)).body.status === 'completed' ? true : undefined), 'the import');
  for (const l of (await api<{ items: Array<{ id: string; email: string }> }>(`/leads?campaignId=${campaign}`)).body.items) leadIds.set(l.email, l.id);
  expect(leadIds.size).toBe(2);
  db = new pg.Client({ connectionString: testStack().databaseUrl });
  await db.connect();
  const batch = await db.query<{ id: string }>(`INSERT INTO engagement.received_batches (source, body_sha256, body_bytes, items, accepted, duplicates) VALUES ('event-webhook', $1, 0, 0, 0, 0) RETURNING id`, [`it-${tag}`]);
  batchId = batch.rows[0]!.id;
}, 120_000);

afterAll(async () => {
  await db?.end();
});

describe('GET /leads/{id}/journey', () => {
  it("lists the lead's events and replies in time order: a reply once with its class and text, a machine open flagged", async () => {
    const ann = leadIds.get(`ann@${domain}`)!;
    const delivered = await inboxRow({ kind: 'delivered', at: '2026-12-01T09:00:01Z', leadId: ann, email: `ann@${domain}` });
    const machineOpen = await inboxRow({ kind: 'open', at: '2026-12-01T09:00:03Z', leadId: ann, email: `ann@${domain}`, machine: true });
    const click = await inboxRow({ kind: 'click', at: '2026-12-01T11:00:00Z', leadId: ann, email: `ann@${domain}`, detail: 'https://acme.example/pricing' });
    const replyId = await inboxRow({ source: 'inbound-parse', kind: 'reply', at: '2026-12-01T12:00:00Z', leadId: ann, email: `ann@${domain}`, detail: 'interested' });
    await db.query(
      `INSERT INTO engagement.replies (inbox_id, message_id, from_address, subject, raw_text, visible_text, reply_class, matched_by) VALUES ($1, $2, $3, 'Re: Quick question', $4, 'Yes, send me the pricing.', 'interested', 'reply-token')`,
      [replyId, `<it-${tag}@acme.example>`, `ann@${domain}`, 'Yes, send me the pricing.\n\nOn Mon, someone wrote:\n> Quick question'],
    );
    // Another lead's events never show.
    await inboxRow({ kind: 'open', at: '2026-12-01T10:00:00Z', leadId: leadIds.get(`bob@${domain}`)!, email: `bob@${domain}` });

    const res = await journey(ann);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ leadId: ann, campaignId: campaign, workflowId: null, workflowUrl: null });
    expect(res.body.entries.map((e) => `${e.type}:${e.id}`)).toEqual([`engagement:${delivered}`, `engagement:${machineOpen}`, `engagement:${click}`, `reply:${replyId}`]);
    expect(res.body.entries[1]).toMatchObject({ kind: 'open', machine: true });
    expect(res.body.entries[3]).toMatchObject({ type: 'reply', replyClass: 'interested', text: 'Yes, send me the pricing.' });
    // The reply's text is without its quoted history.
    expect(res.body.entries[3]!.text).not.toContain('Quick question');
  });

  it('answers 404 for a lead that does not exist', async () => {
    const res = await journey(randomUUID());
    expect(res.status).toBe(404);
  });

  it('refuses with 503 engagement_unavailable while engagement is down, never a journey with a part missing, and answers again once it is back', async () => {
    const ann = leadIds.get(`ann@${domain}`)!;
    const pidFile = join(testStack().dataDir, 'run', 'engagement.pid');
    const pid = Number(await readFile(pidFile, 'utf8'));
    process.kill(pid, 'SIGKILL');
    const refused = await eventually(async () => {
      const res = await journey(ann);
      return res.status === 503 ? res : undefined;
    }, 'the journey to be refused while engagement is down', 10_000);
    expect(refused.body.code).toBe('engagement_unavailable');
    expect(refused.body.message).toContain('engagement');
    expect(refused.body).not.toHaveProperty('entries');

    // The launcher restarts it; the journey is whole again.
    await eventually(async () => ((await internal('engagement', '/health/ready').catch(() => ({ status: 0 }))).status === 200 ? true : undefined), 'engagement to be back', 60_000);
    const back = await journey(ann);
    expect(back.status).toBe(200);
    expect(back.body.entries.length).toBe(4);
  }, 90_000);
});

describe('GET /engagement/parked', () => {
  it('pages the events and replies that could not be tied to a send, with why and a one-line summary', async () => {
    const first = await inboxRow({ kind: 'bounce', at: '2026-12-02T08:00:00Z', leadId: null, step: null, state: 'parked', email: `stranger-${tag}@elsewhere.example`, detail: '550 5.1.1 no such user', parkedReason: 'no enrolment nurture issued' });
    const second = await inboxRow({ kind: 'open', at: '2026-12-02T08:00:01Z', leadId: null, step: null, state: 'parked', email: `stranger-${tag}@elsewhere.example`, parkedReason: 'no enrolment nurture issued' });
    // From just before this spec's rows (other specs park rows too), one row per page.
    let after = String(BigInt(first) - 1n);
    const seen: ParkedPage['items'] = [];
    for (let page = 0; page < 50 && !seen.some((i) => i.id === second); page++) {
      const res = await api<ParkedPage>(`/engagement/parked?source=event-webhook&limit=1&after=${after}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...res.body.items);
      if (res.body.next === null) break;
      after = res.body.next;
    }
    const mine = seen.filter((i) => i.id === first || i.id === second);
    expect(mine.map((i) => i.id)).toEqual([first, second]);
    expect(mine[0]).toMatchObject({ source: 'event-webhook', kind: 'bounce', reason: 'no enrolment nurture issued', email: `stranger-${tag}@elsewhere.example` });
    expect(mine[0]!.summary).toContain('550 5.1.1 no such user');
    // Only parked rows, and only of the source asked for.
    expect(seen.every((i) => i.source === 'event-webhook')).toBe(true);
    const replies = await api<ParkedPage>('/engagement/parked?source=inbound-parse&limit=500');
    expect(replies.body.items.some((i) => i.id === first)).toBe(false);
  });

  it('needs an admin key: parked posts come from anyone and name people who are not leads', async () => {
    const read = await api<{ key: string }>('/keys', { method: 'POST', json: { name: `it-parked-${tag}`, scope: 'read' } });
    expect(read.status).toBe(201);
    const res = await api<{ code: string }>('/engagement/parked', { key: read.body.key });
    expect([res.status, res.body.code]).toEqual([403, 'scope_insufficient']);
  });

  it('refuses a cursor it did not give out, naming the field', async () => {
    const res = await api<{ code: string; details: Array<{ field: string }> }>('/engagement/parked?after=abc');
    expect(res.status).toBe(400);
    expect(res.body.details.map((d) => d.field)).toContain('after');
  });
});

describe('campaign status: why a mailbox paused', () => {
  it('GET /campaigns/{id}/nurture lists the paused mailbox with the reason engagement gave, and GET /mailboxes/{id} says it too', async () => {
    const mailboxId = `it-eng-api-${tag}`;
    const created = await api('/mailboxes', { method: 'POST', json: { id: mailboxId, address: `sender@${mailboxId}.example`, displayName: 'Engagement API', dailyCap: 50, hourlyCap: 50, campaigns: [{ campaignId: campaign, weight: 1 }] } });
    expect(created.status).toBe(201);
    const reason = 'bounces 4.0% ≥ 3% over 7 days (4 of 100 deliveries)';
    const health = { mailboxId, windowDays: 7, deliveries: 100, bounces: 4, spamReports: 0, bounceRate: 0.04, spamRate: 0, pauseReason: reason };
    // What engagement's mailbox-health effect asks of nurture.
    const paused = await internal<{ paused: boolean }>('nurture', `/internal/mailboxes/${mailboxId}/auto-pause`, { method: 'POST', json: { reason, at: new Date().toISOString(), health } });
    expect([paused.status >= 200 && paused.status < 300, paused.body.paused]).toEqual([true, true]);

    const summary = await api<{ pausedMailboxes: Array<{ mailboxId: string; reason: string | null; by: string | null; pausedAt: string }> }>(`/campaigns/${campaign}/nurture`);
    expect(summary.status).toBe(200);
    expect(summary.body.pausedMailboxes).toEqual([expect.objectContaining({ mailboxId, reason, pausedAt: expect.any(String) })]);
    const mailbox = await api<{ pausedAt: string | null; pausedReason: string | null }>(`/mailboxes/${mailboxId}`);
    expect(mailbox.body).toMatchObject({ pausedReason: reason, pausedAt: expect.any(String) });

    // A person looks, fixes the list and lets it send again; a second resume changes nothing.
    const resumed = await api<{ resumed: boolean; mailbox: { pausedAt: string | null } }>(`/mailboxes/${mailboxId}/resume`, { method: 'POST', json: { reason: 'list cleaned' } });
    expect([resumed.status, resumed.body.resumed, resumed.body.mailbox.pausedAt]).toEqual([200, true, null]);
    expect((await api<{ resumed: boolean }>(`/mailboxes/${mailboxId}/resume`, { method: 'POST', json: {} })).body.resumed).toBe(false);
    expect((await api<{ pausedMailboxes: unknown[] }>(`/campaigns/${campaign}/nurture`)).body.pausedMailboxes).toEqual([]);
    // And a person may pause it, with a reason the status shows.
    const held = await api<{ paused: boolean }>(`/mailboxes/${mailboxId}/pause`, { method: 'POST', json: { reason: 'domain moving' } });
    expect([held.status, held.body.paused]).toEqual([200, true]);
    expect((await api<{ pausedMailboxes: Array<{ reason: string }> }>(`/campaigns/${campaign}/nurture`)).body.pausedMailboxes.map((m) => m.reason)).toEqual(['domain moving']);
    expect((await api(`/mailboxes/it-no-such-${tag}/pause`, { method: 'POST', json: { reason: 'x' } })).status).toBe(404);
  });
});

import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { leadNurtureWorkflow, nurtureWorkflowId } from '#libs/contracts';
import { signUnsubscribeToken } from '#libs/nurture-templates';
import { OptOuts } from '../../services/nurture/src/suppressions/opt-outs.js';
import { SuppressionList } from '../../services/nurture/src/suppressions/suppression-list.js';
import { api, internal, testStack } from '../setup/test-stack.js';

/**
 * The one-click unsubscribe (RFC 8058) and opt-outs, on the test stack: the public link answers without a key and
 * without a redirect, only the POST changes anything, a second POST changes nothing more, a forged or tampered
 * token changes nothing at all, and an opt-out ends every open enrolment of the address and signals its workflows.
 */

const run = randomUUID().slice(0, 8);
const campaigns = [`it-unsub-a-${run}`, `it-unsub-b-${run}`];
const address = `Ann.Unsub.${run}@Acme-Unsub.example`;
const stored = address.toLowerCase();
const bystander = `bo.${run}@acme-unsub.example`;
let db: pg.Client;
let temporal: Client;
const enrolment = { first: '', second: '', bystander: '', finished: '' };

async function enrol(campaignId: string, email: string, status = 'waiting'): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO nurture.enrolments (campaign_id, lead_id, email, display_name, tier, sequence_id, sequence_version, status)
     VALUES ($1, $2, $3, 'Ann Unsub', 'warm', 'it-seq', 1, $4) RETURNING id`,
    [campaignId, randomUUID(), email, status],
  );
  return rows[0]!.id;
}

const token = (enrolmentId: string, secret = testStack().unsubscribeSecret) => signUnsubscribeToken(secret, { enrolmentId });
const statuses = async () =>
  Object.fromEntries(
    (await db.query<{ id: string; status: string }>(`SELECT id, status FROM nurture.enrolments WHERE id = ANY($1::uuid[])`, [Object.values(enrolment)])).rows.map((r) => [r.id, r.status]),
  );
const suppression = async (value: string) => (await db.query<{ reason: string }>(`SELECT reason FROM nurture.suppressions WHERE kind = 'address' AND value = $1`, [value])).rows;
const auditCount = async (value: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM nurture.suppression_events WHERE kind = 'address' AND value = $1`, [value])).rows[0]!.n;

function post(path: string, body?: string, contentType?: string) {
  return fetch(testStack().apiUrl + path, { method: 'POST', redirect: 'manual', body, headers: contentType ? { 'content-type': contentType } : {} });
}

beforeAll(async () => {
  db = new pg.Client({ connectionString: testStack().databaseUrl });
  await db.connect();
  temporal = new Client({ connection: await Connection.connect({ address: testStack().temporalAddress }), namespace: testStack().namespace });
  enrolment.first = await enrol(campaigns[0]!, address);
  enrolment.second = await enrol(campaigns[1]!, stored, 'queued');
  enrolment.finished = await enrol(`it-unsub-c-${run}`, address, 'completed');
  enrolment.bystander = await enrol(campaigns[0]!, bystander);
});

afterAll(async () => {
  for (const value of [stored, bystander, `bounce.${run}@acme-unsub.example`]) await internal('nurture', `/internal/suppressions/address/${encodeURIComponent(value)}`, { method: 'DELETE' });
  await db?.end();
  await temporal?.connection.close();
});

describe('one-click unsubscribe', () => {
  it('GET shows a page with a button that POSTs, without a key, and changes nothing', async () => {
    const before = await statuses();
    const res = await fetch(`${testStack().apiUrl}/unsubscribe/${token(enrolment.first)}`, { redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('location')).toBeNull();
    const page = await res.text();
    expect(page).toMatch(/<form method="post">/);
    expect(page).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(page).not.toContain(stored);
    expect(await statuses()).toEqual(before);
    expect(await suppression(stored)).toEqual([]);
  });

  it('POST List-Unsubscribe=One-Click suppresses the address and stops every open sequence for it, with 200 and no redirect', async () => {
    const res = await post(`/unsubscribe/${token(enrolment.first)}`, 'List-Unsubscribe=One-Click', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('You are unsubscribed');
    expect(await suppression(stored)).toEqual([{ reason: `unsubscribe (event one-click/${enrolment.first})` }]);
    expect(await statuses()).toEqual({
      [enrolment.first]: 'opted-out',
      [enrolment.second]: 'opted-out',
      // A finished sequence keeps how it ended; another address is untouched.
      [enrolment.finished]: 'completed',
      [enrolment.bystander]: 'waiting',
    });
    // The public suppression list shows it, as any other entry.
    expect((await api(`/suppressions?kind=address&limit=500`)).body).toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ kind: 'address', value: stored })]) });
  });

  it('is idempotent: posting again (empty body, multipart) answers 200 and changes nothing more', async () => {
    const before = { statuses: await statuses(), audit: await auditCount(stored) };
    expect(before.audit).toBe(1);
    const again = await post(`/unsubscribe/${token(enrolment.first)}`);
    expect(again.status).toBe(200);
    const multipart = await post(`/unsubscribe/${token(enrolment.second)}`, '--b\r\ncontent-disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--b--\r\n', 'multipart/form-data; boundary=b');
    expect(multipart.status).toBe(200);
    expect({ statuses: await statuses(), audit: await auditCount(stored) }).toEqual(before);
  });

  it('refuses a tampered, forged or unknown token naming why, revealing nothing and changing nothing', async () => {
    const before = { statuses: await statuses(), bystander: await suppression(bystander) };
    const good = token(enrolment.bystander);
    const [version, payload, signature] = good.split('.');
    const flipped = `${version}.${payload}.${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`;
    const otherPayload = `${version}.${Buffer.from(JSON.stringify({ e: enrolment.first })).toString('base64url')}.${signature}`;
    const forged = token(enrolment.bystander, 'a-secret-that-is-not-the-stacks');
    for (const bad of [flipped, otherPayload, forged]) {
      for (const res of [await post(`/unsubscribe/${bad}`, 'List-Unsubscribe=One-Click', 'application/x-www-form-urlencoded'), await fetch(`${testStack().apiUrl}/unsubscribe/${bad}`)]) {
        expect(res.status).toBe(404);
        const body = (await res.json()) as { code: string; message: string };
        expect(body).toMatchObject({ code: 'unsubscribe_link_invalid', message: 'this unsubscribe link is not valid: the signature does not match' });
        expect(JSON.stringify(body)).not.toMatch(/acme-unsub|bo\.|it-unsub/);
      }
    }
    const unknown = await post(`/unsubscribe/${token(randomUUID())}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'unsubscribe_link_invalid' });
    const malformed = await post('/unsubscribe/not-a-token');
    expect(malformed.status).toBe(400);
    expect(await post(`/unsubscribe/${good}`, 'List-Unsubscribe=Two-Clicks', 'application/x-www-form-urlencoded').then((r) => r.status)).toBe(400);
    expect({ statuses: await statuses(), bystander: await suppression(bystander) }).toEqual(before);
  });
});

describe('rate limit on the one-click posts', () => {
  it('limits POSTs per client address like the forms (429 with Retry-After), not the page and not other addresses', async () => {
    // The test stack trusts X-Forwarded-For from loopback, so each address here is a client. A forged token answers
    // 404 until the bucket is empty; nothing is stored meanwhile.
    const forged = token(randomUUID(), 'a-secret-that-is-not-the-stacks');
    const from = (address: string) => fetch(`${testStack().apiUrl}/unsubscribe/${forged}`, { method: 'POST', headers: { 'x-forwarded-for': address } });
    let limited: Response | undefined;
    let sent = 0;
    while (!limited && sent < 5000) {
      const res = await from('203.0.113.77');
      sent++;
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(404);
    }
    expect(limited).toBeDefined();
    expect(sent).toBeGreaterThan(20);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited!.json()).toMatchObject({ code: 'rate_limited' });
    expect((await from('203.0.113.78')).status).toBe(404);
    const page = await fetch(`${testStack().apiUrl}/unsubscribe/${token(enrolment.bystander)}`, { headers: { 'x-forwarded-for': '203.0.113.77' } });
    expect(page.status).toBe(200);
  });
});

describe('opt-outs', () => {
  it('a hard bounce suppresses the address, ends its enrolments as bounced and signals each running workflow once per event', async () => {
    const email = `bounce.${run}@acme-unsub.example`;
    const ids = [await enrol(campaigns[0]!, email), await enrol(campaigns[1]!, email, 'paused')];
    const leads = (await db.query<{ campaign_id: string; lead_id: string }>(`SELECT campaign_id, lead_id FROM nurture.enrolments WHERE id = ANY($1::uuid[]) ORDER BY campaign_id`, [ids])).rows;
    // A workflow that exists but that no worker runs: its history records the signals it receives.
    const taskQueue = `it-unsub-unpolled-${run}`;
    const running = await temporal.workflow.start(leadNurtureWorkflow.workflowType, { taskQueue, workflowId: nurtureWorkflowId(leads[0]!.campaign_id, leads[0]!.lead_id), args: [{}] });

    const url = new URL(testStack().databaseUrl);
    const source = new DataSource({ type: 'postgres', url: url.toString() });
    await source.initialize();
    try {
      const log = { info: () => undefined, warn: () => undefined } as never;
      const optOuts = new OptOuts(source, new SuppressionList(source), { TEMPORAL_ADDRESS: testStack().temporalAddress, TEMPORAL_NAMESPACE: testStack().namespace }, log);
      const input = { enrolmentId: ids[0]!, kind: 'bounce' as const, eventId: `sg-bounce-${run}`, at: new Date().toISOString() };
      const first = await optOuts.apply(input);
      expect(first).toMatchObject({ address: email, suppressed: true, stopped: 2, signalled: 1, notRunning: 1, failed: [] });
      const again = await optOuts.apply(input);
      expect(again).toMatchObject({ suppressed: false, stopped: 0, failed: [] });
      await optOuts.onApplicationShutdown();
    } finally {
      await source.destroy();
    }
    expect(await suppression(email)).toEqual([{ reason: `hard bounce (event sg-bounce-${run})` }]);
    const ended = (await db.query<{ status: string; last_decision: string }>(`SELECT status, last_decision FROM nurture.enrolments WHERE id = ANY($1::uuid[])`, [ids])).rows;
    expect(ended.map((e) => e.status)).toEqual(['bounced', 'bounced']);
    expect(ended[0]!.last_decision).toContain(`hard bounce (event sg-bounce-${run})`);

    const history = await running.fetchHistory();
    const signals = (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes).map((e) => e.workflowExecutionSignaledEventAttributes!.signalName);
    // Signalled by each call; the workflow applies the event id once.
    expect(signals).toEqual(['bounced', 'bounced']);
    await running.terminate('test done');
  });
});

import { appendFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { startNodeService, type RunningService } from '../../tools/launcher/src/node-service.js';
import { distEntry, repoRoot } from '../../tools/launcher/src/paths.js';
import { freePort } from '../../tools/launcher/src/ports.js';
import { findOrBuildTemporal } from '../../tools/launcher/src/temporal-cli.js';
import { startTemporalDevServer, type RunningTemporal } from '../../tools/launcher/src/temporal-dev-server.js';
import { eventually, testStack } from '../setup/test-stack.js';
import * as kit from './nurture-service/admission-kit.js';
import { enrolLeads, postEvents, recordedSignals, sgEvent, startEnrolments, type Enrolled, type SgEvent } from './engagement-signaller-kit.js';

/**
 * "Temporal stopped for a while during delivery, then started": events posted while Temporal is down are taken
 * (200), wait in the inbox, and each reaches its workflow once Temporal is back. Stopping the shared stack's
 * Temporal would lose every other spec's workflows (it keeps its state in memory), so this spec runs its own
 * Temporal dev server (state in a file, restarted on the same port) and its own engagement process on a database
 * of its own, beside the shared nurture and scoring services that resolve and score the real enrolments.
 */
const CAMPAIGN = 'it-signaller-outage';
const DOMAIN = 'signaller-outage.example';
const LEADS = 12;
const DOWN_EVENTS = 240;

let dir: string;
let db: pg.Client;
let engagementDb: pg.Client;
let temporal: RunningTemporal;
let temporalPort: number;
let temporalBinary: string;
let engagement: RunningService;
let engagementUrl: string;
let client: Client;
let enrolled: Enrolled[];
const ENGAGEMENT_DB = 'it_engagement_outage';

async function startTemporal(): Promise<void> {
  temporal = await startTemporalDevServer({ binary: temporalBinary, port: temporalPort, uiPort: null, dbFile: join(dir, 'temporal.sqlite'), namespace: 'default', log: () => undefined });
}

async function inbox(): Promise<Array<{ id: string; state: string; attempts: number; last_error: string | null; effects: Record<string, unknown>; enrolment_id: string }>> {
  return (await engagementDb.query(`SELECT i.id::text AS id, state, attempts, last_error, effects, enrolment_id FROM engagement.inbox i ORDER BY i.id`)).rows;
}

beforeAll(async () => {
  const s = testStack();
  dir = await mkdtemp(join(tmpdir(), 'aicmo-outage-'));
  db = await kit.pgClient();
  await db.query(`DROP DATABASE IF EXISTS ${ENGAGEMENT_DB}`);
  await db.query(`CREATE DATABASE ${ENGAGEMENT_DB}`);
  const url = new URL(s.databaseUrl);
  url.pathname = `/${ENGAGEMENT_DB}`;
  engagementDb = new pg.Client({ connectionString: url.toString() });
  await engagementDb.connect();

  temporalBinary = await findOrBuildTemporal(() => undefined);
  temporalPort = await freePort();
  await startTemporal();
  client = new Client({ connection: await Connection.connect({ address: temporal.address }), namespace: 'default' });

  const port = await freePort();
  engagementUrl = `http://127.0.0.1:${port}`;
  engagement = await startNodeService({
    name: 'engagement-outage',
    entry: distEntry(repoRoot(), 'services/engagement/src/main.js'),
    env: {
      PATH: process.env.PATH,
      LOG_LEVEL: 'info',
      DATABASE_URL: url.toString(),
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      ENGAGEMENT_PORT: String(port),
      INTERNAL_API_TOKEN: s.internalToken,
      NURTURE_URL: s.nurtureUrl,
      SCORING_URL: s.scoringUrl,
      ROUTING_URL: s.routingUrl,
      SENDGRID_BASE_URL: s.sendgridUrl,
      SENDGRID_WEBHOOK_PUBLIC_KEY: s.webhookPublicKey,
      INBOUND_PARSE_SECRET: s.inboundParseSecret,
      SIGNALLER_POLL_MS: '250',
      SIGNALLER_RETRY_MAX_SECONDS: '2',
    },
    healthUrl: `${engagementUrl}/health/ready`,
    // Beside the stack's logs, kept for a look after a failure.
    log: (line) => appendFileSync(join(s.dataDir, 'logs', 'engagement-outage.log'), line + '\n'),
  });

  const made = await enrolLeads(db, CAMPAIGN, DOMAIN, LEADS);
  enrolled = made.enrolled;
  // Started on this spec's Temporal only; no worker polls it, and signals are recorded all the same.
  await startEnrolments(client, made.inputs);
}, 600_000);

afterAll(async () => {
  await engagement?.stop();
  await client?.connection.close();
  await temporal?.stop();
  await engagementDb?.end();
  await db?.query(`DROP DATABASE IF EXISTS ${ENGAGEMENT_DB}`).catch(() => undefined);
  await db?.end();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function opensAndClicks(n: number, tag: string): SgEvent[] {
  const t0 = Math.floor(Date.now() / 1000) - 3_600;
  return Array.from({ length: n }, (_, i) => {
    const e = enrolled[i % LEADS]!;
    const kind = i % 3 === 0 ? 'click' : 'open';
    return sgEvent(e, { kind, step: 0, at: t0 + i, id: `${tag}-${i}`, message: `sg-${tag}-${e.enrolmentId.slice(0, 8)}`, extra: kind === 'click' ? { url: `https://acme.example/${i}` } : {} });
  });
}

describe('Temporal stopped during delivery', () => {
  it('signals while Temporal is up', async () => {
    const events = opensAndClicks(24, 'up');
    expect((await postEvents(events, engagementUrl)).body).toMatchObject({ accepted: 24 });
    await eventually(async () => ((await inbox()).every((r) => r.state === 'applied') ? true : undefined), 'the first events applied');
    const recorded = (await Promise.all(enrolled.map((e) => recordedSignals(client, e.workflowId)))).flat();
    expect(recorded).toHaveLength(24);
  }, 120_000);

  it('takes every post while Temporal is down and keeps the events pending, the service staying ready', async () => {
    await client.connection.close();
    await temporal.stop();
    const events = opensAndClicks(DOWN_EVENTS, 'down');
    for (let i = 0; i < events.length; i += 60) {
      const answer = await postEvents(events.slice(i, i + 60), engagementUrl);
      expect(answer.status).toBe(200);
      expect(answer.body.accepted).toBe(60);
    }
    // Tried and put back, not dropped: every new row pending with its attempts and an error naming the signal.
    const waiting = await eventually(
      async () => {
        const rows = (await inbox()).slice(24);
        return rows.length === DOWN_EVENTS && rows.every((r) => r.state === 'pending' && r.attempts >= 2) ? rows : undefined;
      },
      'the events tried and waiting',
      60_000,
    );
    for (const r of waiting) {
      expect(r.effects.signal).toBeUndefined();
      expect(r.last_error).toMatch(/^signal: /);
    }
    expect((await fetch(`${engagementUrl}/health/ready`)).status).toBe(200);
    const stats = (await (await fetch(`${engagementUrl}/internal/inbox/stats`, { headers: { 'x-internal-token': testStack().internalToken } })).json()) as { pending: number };
    expect(stats.pending).toBe(DOWN_EVENTS);
  }, 120_000);

  it('delivers every one of them to its workflow, once, after Temporal is back', async () => {
    await startTemporal();
    client = new Client({ connection: await Connection.connect({ address: temporal.address }), namespace: 'default' });
    const started = Date.now();
    const rows = await eventually(async () => {
      const all = await inbox();
      return all.every((r) => r.state === 'applied') ? all : undefined;
    }, 'every event applied after the restart', 120_000);
    console.log(`${DOWN_EVENTS} events held during the outage reached their workflows ${Date.now() - started} ms after Temporal was back`);
    const byWorkflow = new Map(enrolled.map((e) => [e.enrolmentId, e.workflowId]));
    const expected = new Map<string, string[]>();
    for (const r of rows) expected.set(byWorkflow.get(r.enrolment_id)!, [...(expected.get(byWorkflow.get(r.enrolment_id)!) ?? []), `inbox:${r.id}`]);
    let total = 0;
    for (const e of enrolled) {
      const ids = (await recordedSignals(client, e.workflowId)).map((s) => s.eventId);
      expect([...ids].sort()).toEqual([...(expected.get(e.workflowId) ?? [])].sort());
      total += ids.length;
    }
    expect(total).toBe(24 + DOWN_EVENTS);

    // What an operator saw: rows put back while Temporal was down, every signal's latency, nothing waiting now.
    const metrics = await (await fetch(`${engagementUrl}/metrics`)).text();
    // One sample by name and labels (the registry adds component="engagement" to every one).
    const value = (name: string, labels: Record<string, string> = {}) => {
      const line = metrics.split('\n').find((l) => {
        const m = /^([a-z_]+)(?:\{([^}]*)\})? /.exec(l);
        return m?.[1] === name && Object.entries(labels).every(([k, v]) => (m[2] ?? '').split(',').includes(`${k}="${v}"`));
      });
      return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : NaN;
    };
    expect(value('engagement_signaller_retried_total', { cause: 'effect-failed' })).toBeGreaterThanOrEqual(DOWN_EVENTS);
    expect(value('engagement_signal_latency_seconds_count')).toBe(24 + DOWN_EVENTS);
    expect(value('engagement_signals_total', { signal: 'opened' }) + value('engagement_signals_total', { signal: 'clicked' })).toBe(24 + DOWN_EVENTS);
    expect(value('engagement_inbox_oldest_pending_age_seconds')).toBe(0);
  }, 180_000);
});

import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ENGAGEMENT_WEBHOOK_PATHS } from '#libs/contracts';
import { enrolBenchLeads } from './bench-enrolments.js';
import { startBenchStack, type BenchStack } from '../../stages/src/bench-stack.js';
import { interleave, postAll, prepareBatches, prepareOptOuts, type PostResult } from './webhook-load.js';

/**
 * bench:webhook (not a test: it prints figures). Signed 100-event batches on loopback to engagement's Event Webhook
 * on the real stack, from several concurrent clients, for leads with real leadNurture workflows:
 *   - events/s accepted and p50/p99 latency per batch, beside a baseline from the same run (the same batches from
 *     the same clients to an unsigned no-op receiver in its own process);
 *   - lost = 0: every event answered as accepted and found in the inbox;
 *   - the signaller's drain rate (accepted → applied, workflow signals and the other effects included);
 *   - post → suppression of unsubscribes posted among the load (p50/p99).
 * Exits non-zero when an event is lost or a post is refused.
 *
 *   BENCH_WEBHOOK_EVENTS=20000 BENCH_WEBHOOK_CLIENTS=8 BENCH_WEBHOOK_LEADS=100 BENCH_WEBHOOK_OPT_OUTS=20 npm run bench:webhook
 */
const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 20_000);
const CLIENTS = Number(process.env.BENCH_WEBHOOK_CLIENTS ?? 8);
const LEADS = Number(process.env.BENCH_WEBHOOK_LEADS ?? 100);
const OPT_OUTS = Number(process.env.BENCH_WEBHOOK_OPT_OUTS ?? 20);
const BATCH = 100;
const VERBOSE = process.env.BENCH_WEBHOOK_VERBOSE === '1';
const DRAIN_TIMEOUT_MS = 20 * 60_000;

// The issue's targets.
const TARGET_EVENTS_PER_S = 5_000;
const TARGET_P99_MS = 300;
const TARGET_OPT_OUT_P99_MS = 60_000;

const say = (line: string) => console.log(line);
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–');
const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);

interface Posting {
  eventsPerS: number;
  p50: number;
  p99: number;
  refused: number;
  accepted: number;
}

function summarize(results: PostResult[], wallMs: number, events: number): Posting {
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const refused = results.filter((r) => r.status !== 200).length;
  const accepted = results.reduce((n, r) => n + r.accepted, 0);
  return { eventsPerS: events / (wallMs / 1000), p50: pct(ms, 50), p99: pct(ms, 99), refused, accepted };
}

async function baseline(batches: Parameters<typeof postAll>[1]): Promise<Posting> {
  const child = fork(new URL('./noop-server.js', import.meta.url), [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m: { port: number }) => resolve(m.port));
      child.once('exit', (code) => reject(new Error(`the no-op receiver exited with ${code}`)));
    });
    const url = `http://127.0.0.1:${port}/`;
    await postAll(url, batches.slice(0, Math.min(20, batches.length)), CLIENTS, false); // warm-up
    const { results, wallMs } = await postAll(url, batches, CLIENTS, false);
    return summarize(results, wallMs, batches.reduce((n, b) => n + b.events, 0));
  } finally {
    child.kill();
  }
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs: number, progress?: () => Promise<string>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastReport = Date.now();
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    if (progress && Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      say(`  … ${await progress()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<number> {
  const workDir = await mkdtemp(join(os.tmpdir(), 'aicmo-bench-webhook-'));
  // The embedded server runs as the `postgres` user when we are root; a mkdtemp folder is private (0700).
  await chmod(workDir, 0o755);
  let bench: BenchStack | undefined;
  let db: pg.Client | undefined;
  const cleanup = async () => {
    await db?.end().catch(() => undefined);
    await bench?.stop().catch((err: Error) => console.error(`stopping the stack failed: ${err.message}`));
    await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  try {
    say(`bench:webhook  node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    say(`options: events=${fmt(EVENTS)} in batches of ${BATCH}, clients=${CLIENTS}, leads=${LEADS}, opt-out probes=${OPT_OUTS}`);
    say('starting the stack (embedded PostgreSQL, Temporal dev server, sandbox, services)…');
    bench = await startBenchStack({ dataDir: workDir, verbose: VERBOSE, logLevel: 'warn' });
    const { stack } = bench;
    const privateKey = stack.engagementSecrets.webhookPrivateKey;
    if (!privateKey) throw new Error('the stack has no webhook signing key (it should run the SendGrid sandbox)');
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();

    say(`enrolling ${LEADS} leads through a pipeline run (real leadNurture workflows, first step in the sandbox)…`);
    const enrolments = await enrolBenchLeads({ apiUrl: stack.urls.api, apiKey: stack.apiKey.key, sandboxUrl: stack.urls.sendgrid!, campaign: 'bench-webhook', leads: LEADS });
    say(`  ${enrolments.length} enrolments with a first send`);
    if (enrolments.length === 0) throw new Error('no enrolment sent its first step');
    // The sandbox posts processed/delivered for those sends itself: let the signaller finish them first.
    await waitFor(async () => ((await count(db!, `state = 'pending'`)) === 0 ? true : undefined), 'the sandbox\'s own events to drain', 120_000);

    const runId = randomUUID().slice(0, 8);
    const probes = enrolments.slice(-Math.min(OPT_OUTS, Math.floor(enrolments.length / 2)));
    const load = prepareBatches(enrolments, runId, EVENTS, BATCH, privateKey);
    const optOuts = prepareOptOuts(probes, runId, privateKey);

    say('baseline: the same batches from the same clients to an unsigned no-op receiver (reads and parses the body)…');
    const base = await baseline(load);

    say('posting the signed batches to the Event Webhook…');
    const url = `${stack.urls.engagement}${ENGAGEMENT_WEBHOOK_PATHS.events}`;
    const { results, wallMs } = await postAll(url, interleave(load, optOuts), CLIENTS, true);
    const loadResults = results.filter((r) => r.optOuts.length === 0);
    const posted = summarize(loadResults, wallMs, EVENTS);
    const probeResults = results.filter((r) => r.optOuts.length > 0);
    const refused = posted.refused + probeResults.filter((r) => r.status !== 200).length;

    const prefix = `bench-${runId}-%`;
    const inInbox = await count(db, `sg_event_id LIKE $1`, [prefix]);
    const expected = EVENTS + optOuts.length;
    const acceptedTotal = results.reduce((n, r) => n + r.accepted, 0);
    const lost = expected - inInbox;

    say('waiting for the signaller to apply every event (workflow signals, scores, mailbox health)…');
    await waitFor(
      async () => ((await count(db!, `sg_event_id LIKE $1 AND state = 'pending'`, [prefix])) === 0 ? true : undefined),
      'the drain',
      DRAIN_TIMEOUT_MS,
      async () => `${fmt(await count(db!, `sg_event_id LIKE $1 AND state = 'pending'`, [prefix]))} pending`,
    );
    const drain = (
      await db.query<{ n: number; applied: number; parked: number; signalled: number; first: Date; last: Date }>(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE state = 'applied')::int AS applied, count(*) FILTER (WHERE state = 'parked')::int AS parked,
                count(*) FILTER (WHERE effects ? 'signal')::int AS signalled, min(received_at) AS first, max(coalesce(applied_at, received_at)) AS last
         FROM engagement.inbox WHERE sg_event_id LIKE $1`,
        [prefix],
      )
    ).rows[0]!;
    const drainS = (drain.last.getTime() - drain.first.getTime()) / 1000;

    const suppressed = await waitFor(
      async () => {
        const r = await db!.query<{ value: string; created_at: Date }>(`SELECT value, created_at FROM nurture.suppressions WHERE kind = 'address' AND value = ANY($1)`, [probes.map((p) => p.email)]);
        return r.rows.length === probes.length ? new Map(r.rows.map((x) => [x.value, x.created_at.getTime()])) : undefined;
      },
      'the opt-out probes on the suppression list',
      120_000,
    );
    const optOutMs = probeResults.map((r) => Math.max(0, suppressed.get(r.optOuts[0]!)! - r.postedAt)).sort((a, b) => a - b);

    say('');
    say('| measure | Event Webhook (signed, stored) | baseline (unsigned no-op) | ratio | target |');
    say('|---|---|---|---|---|');
    say(`| events/s accepted | ${fmt(posted.eventsPerS)} | ${fmt(base.eventsPerS)} | ${fmt(posted.eventsPerS / base.eventsPerS, 2)} | ≥ ${fmt(TARGET_EVENTS_PER_S)} |`);
    say(`| latency per 100-event batch p50 | ${fmt(posted.p50, 1)} ms | ${fmt(base.p50, 1)} ms | | |`);
    say(`| latency per 100-event batch p99 | ${fmt(posted.p99, 1)} ms | ${fmt(base.p99, 1)} ms | | ≤ ${TARGET_P99_MS} ms |`);
    say('');
    say(`lost: ${lost} (posted ${fmt(expected)}, answered accepted ${fmt(acceptedTotal)}, in the inbox ${fmt(inInbox)}; refused posts ${refused}) — target 0`);
    say(`drain: ${fmt(drain.n)} events applied in ${fmt(drainS, 1)} s from first accepted to last applied = ${fmt(drain.n / drainS)} events/s (${fmt(drain.signalled)} workflow signals; applied ${fmt(drain.applied)}, parked ${fmt(drain.parked)})`);
    say(`opt-out post → suppression over ${optOutMs.length} unsubscribes posted among the load: p50 ${fmt(pct(optOutMs, 50))} ms, p99 ${fmt(pct(optOutMs, 99))} ms — target p99 ≤ ${fmt(TARGET_OPT_OUT_P99_MS)} ms`);
    say(`load average after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on the host skews the timings)`);
    const ok = lost === 0 && refused === 0 && acceptedTotal === expected;
    if (!ok) console.error('FAILED: events were lost or refused');
    return ok ? 0 : 1;
  } finally {
    await cleanup();
  }
}

async function count(db: pg.Client, where: string, params: unknown[] = []): Promise<number> {
  return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM engagement.inbox WHERE ${where}`, params)).rows[0]!.n;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  },
);

import 'reflect-metadata';
import { chmod, mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { JUDGING_STAGES, TIERS, type PipelineRunReport, type StageReport } from '#libs/contracts';
import { runBaseline, type BaselineRun } from './baseline.js';
import { startBenchDns, type BenchDns } from './bench-dns.js';
import { startBenchStack, type BenchStack } from './bench-stack.js';
import { setUpCampaign } from './campaign-setup.js';
import { fmtInt, fmtMB, fmtS, loadAverage, perSecond, table } from './format.js';
import { loadLeads } from './load-leads.js';
import { USAGE, UsageError, parseArgs } from './options.js';
import { runPipeline } from './pipeline-run.js';
import { ProcessMonitor } from './process-monitor.js';
import { StageProgress } from './stage-progress.js';
import { readStoredResults } from './stored-results.js';

/**
 * Stages benchmark (not a test): generated leads through score + qualify + route on the real stack (embedded
 * PostgreSQL, Temporal dev server, every service its own process, started by the launcher's startStack), with
 * qualification's DNS answered by a loopback server. Prints seconds and leads/s per stage and in total beside a
 * baseline measured in the same run (one set-based SQL statement over the same rows), and exits non-zero when
 * the run does not complete or its counts do not add up.
 *
 *   npm run bench:stages -- [--leads 1000000] [--domains 50000] [--seed 1] [--keep] [--verbose]
 */

const STAGES = JUDGING_STAGES;
// Brief §5: score + qualify + route of 1,000,000 leads in at most 5 minutes on 2 cores.
const TARGET_MS_PER_MILLION = 300_000;
const CAMPAIGN = 'bench-stages';

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  const workDir = await mkdtemp(join(os.tmpdir(), 'aicmo-bench-stages-'));
  // The embedded server runs as the `postgres` user when we are root; a mkdtemp folder is private (0700).
  await chmod(workDir, 0o755);
  let dns: BenchDns | undefined;
  let bench: BenchStack | undefined;
  let failed = false;
  let cleaning: Promise<void> | undefined;
  // One cleanup, however many paths (normal end, error, signal, crash) ask for it; all of them wait for it.
  const cleanup = () =>
    (cleaning ??= (async () => {
      await bench?.stop().catch((err: Error) => console.error(`stopping the stack failed: ${err.message}`));
      await dns?.close().catch(() => undefined);
      if (o.keep) {
        console.log(`kept ${workDir} (logs in ${join(workDir, 'logs')})`);
        return;
      }
      if (failed && bench) {
        // A failed run keeps its component logs (small) and drops the database.
        const kept = await mkdtemp(join(os.tmpdir(), 'aicmo-bench-stages-logs-'));
        await rename(join(workDir, 'logs'), join(kept, 'logs')).then(
          () => console.error(`component logs kept in ${join(kept, 'logs')}`),
          () => undefined,
        );
      }
      await rm(workDir, { recursive: true, force: true }).catch((err: Error) => console.error(`removing ${workDir} failed: ${err.message}`));
    })());
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    stopping = true;
    console.error(`\n${signal}: stopping the stack and removing temp files`);
    void cleanup().finally(() => process.exit(130));
  };
  process.on('uncaughtException', (err) => {
    console.error(`uncaught: ${err.stack ?? err.message}`);
    failed = true;
    void cleanup().finally(() => process.exit(1));
  });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    console.log(`bench:stages  node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${fmtMB(os.totalmem())} MB RAM`);
    const loadAtStart = loadAverage();
    console.log(`load average before: ${loadAtStart} (other work on the host skews the timings)`);
    console.log(`options: leads=${fmtInt(o.leads)} domains=${fmtInt(o.domains)} seed=${o.seed}; temp dir ${workDir}`);

    // 1. DNS first: the stack is told its address.
    dns = await startBenchDns(o.seed);
    console.log(`\n[1/5] loopback DNS on ${dns.server} (generated domains: ~90% MX, ~5% A only, ~3% NXDOMAIN, ~2% SERVFAIL)`);

    // 2. The real stack.
    console.log(`[2/5] starting the stack (embedded PostgreSQL, Temporal dev server in memory, every service) ...`);
    let t = performance.now();
    bench = await startBenchStack({ dataDir: workDir, dnsServer: dns.server, verbose: o.verbose });
    const stack = bench.stack;
    console.log(`      up in ${fmtS(performance.now() - t)} s; API ${stack.urls.api}, Temporal ${stack.temporalAddress}; component logs in ${bench.logDir}`);

    // 3. Set-up (not measured): campaign through the API, leads straight into harvest's tables.
    console.log(`[3/5] set-up (not measured): campaign and rule sets through the API, ${fmtInt(o.leads)} leads by COPY into harvest ...`);
    t = performance.now();
    await setUpCampaign(stack.urls.api, stack.apiKey.key, CAMPAIGN);
    const step = Math.max(1, Math.round(o.leads / 5 / 5000)) * 5000;
    const load = await loadLeads(stack.databaseUrl, {
      campaignId: CAMPAIGN,
      leads: o.leads,
      domains: o.domains,
      seed: o.seed,
      onProgress: (done) => done % step === 0 && done < o.leads && console.log(`      ${fmtInt(done)} leads written`),
    });
    const setupMs = performance.now() - t;
    console.log(
      `      ${fmtInt(load.leads)} leads at ${fmtInt(load.emailDomains)} email domains in ${fmtS(setupMs)} s ` +
        `(COPY of leads, lead_campaigns, lead_provenance ${fmtS(load.copyMs)} s, VACUUM ANALYZE ${fmtS(load.vacuumMs)} s)`,
    );

    // 4. Baseline, on the same server and rows.
    console.log(`[4/5] baseline: one set-based SQL statement scoring and tiering the same rows ...`);
    const baseline = await runBaseline(stack.databaseUrl, CAMPAIGN);
    console.log(`      ${fmtS(baseline.ms)} s, ${fmtInt(baseline.rows)} rows, ${perSecond(baseline.rows, baseline.ms)} leads/s`);

    // 5. The measured run.
    dns.reset();
    const monitor = new ProcessMonitor().start(1000);
    const loadBefore = loadAverage();
    console.log(`[5/5] dailyPipeline run: harvest off, score → qualify → route back to back (load average ${loadBefore}) ...`);
    const progress = await StageProgress.open(stack.databaseUrl);
    const runStarted = Date.now();
    const run = await runPipeline({
      temporalAddress: stack.temporalAddress,
      namespace: stack.namespace,
      campaignId: CAMPAIGN,
      progressEveryMs: o.leads >= 100_000 ? 15_000 : 5_000,
      // Progress lines stop once Ctrl-C has started the cleanup.
      say: (line) => !stopping && console.log(line),
      progress: () => progress.line(),
      abort: bench.died,
    }).finally(() => progress.close());
    const runFinished = Date.now();
    monitor.stop();
    const loadAfter = loadAverage();
    const dnsCounts = dns.counts();
    const stored = await readStoredResults(stack.databaseUrl, CAMPAIGN);
    console.log(`      run ${run.report.status} in ${fmtS(run.wallMs)} s (workflow ${run.workflowId}); load average after ${loadAfter}`);

    failed = report({ o, load, setupMs, baseline, run: run.report, wallMs: run.wallMs, monitor, runStarted, runFinished, loadAtStart, loadBefore, loadAfter, dnsCounts, stored });
    return failed ? 1 : 0;
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    await cleanup();
  }
}

interface ReportInput {
  o: ReturnType<typeof parseArgs>;
  load: Awaited<ReturnType<typeof loadLeads>>;
  setupMs: number;
  baseline: BaselineRun;
  run: PipelineRunReport;
  wallMs: number;
  monitor: ProcessMonitor;
  runStarted: number;
  runFinished: number;
  loadAtStart: string;
  loadBefore: string;
  loadAfter: string;
  dnsCounts: ReturnType<BenchDns['counts']>;
  stored: Awaited<ReturnType<typeof readStoredResults>>;
}

/** Prints the figures, the CPU and memory breakdown, the stage counts and the checks; true when a check failed. */
function report(r: ReportInput): boolean {
  const leads = r.load.leads;
  const stage = (name: string): StageReport | undefined => r.run.stages.find((s) => s.stage === name);
  const ms = (name: string) => stage(name)?.durationMs ?? 0;
  const processed = (name: string) => stage(name)?.counts.processed ?? 0;
  const totalMs = STAGES.reduce((a, s) => a + ms(s), 0);
  const targetMs = (TARGET_MS_PER_MILLION * leads) / 1_000_000;
  const ratio = totalMs / r.baseline.ms;
  const d = r.dnsCounts;

  console.log(`\n=== Stages benchmark: ${fmtInt(leads)} leads through score + qualify + route, one dailyPipeline run ===`);
  const rows: string[][] = [
    ['figure', 'value', 'target', 'result'],
    ['leads in the campaign', fmtInt(leads), '', ''],
    ['company domains (email domains incl. free-mail)', `${fmtInt(r.o.domains)} (${fmtInt(r.load.emailDomains)})`, '', ''],
    ['set-up, not measured (s): API + COPY + VACUUM ANALYZE', fmtS(r.setupMs), '', ''],
  ];
  for (const s of STAGES) {
    const note = s === 'route' ? ' (pages qualified leads only)' : '';
    rows.push([`${s} (s)`, fmtS(ms(s)), '', stage(s)?.status ?? 'missing']);
    rows.push([`  ${s}: processed${note}`, fmtInt(processed(s)), '', '']);
    rows.push([`  ${s}: processed/s`, perSecond(processed(s), ms(s)), '', '']);
    rows.push([`  ${s}: campaign leads/s`, perSecond(leads, ms(s)), '', '']);
  }
  rows.push(
    ['total score + qualify + route (s)', fmtS(totalMs), `<= ${fmtS(targetMs)}`, totalMs <= targetMs ? 'OK' : 'BELOW'],
    ['  total (campaign leads/s)', perSecond(leads, totalMs), `>= ${fmtInt(1_000_000 / (TARGET_MS_PER_MILLION / 1000))}`, ''],
    ['  workflow wall time, start to result (s)', fmtS(r.wallMs), '', r.run.status],
    ['baseline: one SQL statement (s)', fmtS(r.baseline.ms), '', ''],
    ['  baseline (leads/s)', perSecond(r.baseline.rows, r.baseline.ms), '', ''],
    ['ratio stages total / baseline (time)', ratio.toFixed(1), '', ''],
    ['load average at start / before run / after run', `${r.loadAtStart} / ${r.loadBefore} / ${r.loadAfter}`, '', ''],
    ['DNS queries answered by the loopback server', fmtInt(d.queries), '', ''],
    ['  distinct names asked / email domains in data', `${fmtInt(d.names)} / ${fmtInt(r.load.emailDomains)}`, '', ''],
    ['  queries per distinct name; leads per query', `${(d.queries / Math.max(1, d.names)).toFixed(2)}; ${(leads / Math.max(1, d.queries)).toFixed(1)}`, '', ''],
    ['  queries by answer', Object.entries(d.byAnswer).map(([k, v]) => `${k} ${fmtInt(v)}`).join(', '), '', ''],
  );
  console.log(table(rows));

  // Where the CPU went: per component, per stage (1 s samples of /proc).
  const windows = STAGES.map((s) => {
    const st = stage(s);
    return st ? r.monitor.cpuBetween(Date.parse(st.startedAt), Date.parse(st.finishedAt)) : new Map<string, number>();
  });
  const whole = r.monitor.cpuBetween(r.runStarted, r.runFinished);
  const hwm = r.monitor.highWaterMarks();
  const components = [...whole.keys()].sort((a, b) => (whole.get(b) ?? 0) - (whole.get(a) ?? 0));
  if (components.length > 0) {
    console.log(`\nCPU seconds per component and stage (host has ${os.cpus().length} cores), peak memory:`);
    const cpuRows: string[][] = [['component', ...STAGES.map((s) => `${s} CPU s`), 'run CPU s', 'peak RSS MB', 'VmHWM MB']];
    for (const c of components) {
      cpuRows.push([
        c,
        ...windows.map((w) => (w.get(c) ?? 0).toFixed(1)),
        (whole.get(c) ?? 0).toFixed(1),
        c === 'postgres' ? '(shared)' : fmtMB(r.monitor.peakRss.get(c) ?? 0),
        c === 'postgres' ? '' : fmtMB(hwm.get(c) ?? 0),
      ]);
    }
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    cpuRows.push(['all', ...windows.map((w) => sum(w).toFixed(1)), sum(whole).toFixed(1), '', '']);
    cpuRows.push(['  of cores × stage time (%)', ...STAGES.map((s, i) => (ms(s) > 0 ? ((100 * sum(windows[i]!)) / ((ms(s) / 1000) * os.cpus().length)).toFixed(0) : '-')), '', '', '']);
    console.log(table(cpuRows));
  }

  console.log('\nstage counts (from the run report):');
  for (const s of STAGES) {
    const st = stage(s);
    if (!st) continue;
    const counts = Object.entries(st.counts).map(([k, v]) => `${k}=${fmtInt(v)}`).join(' ');
    console.log(`  ${s.padEnd(8)} ${st.status.padEnd(10)} ${counts}`);
    for (const p of st.problems) console.log(`           problem: ${p}`);
  }
  console.log(`  baseline tiers: ${Object.entries(r.baseline.tiers).map(([k, v]) => `${k}=${fmtInt(v)}`).join(' ')}`);
  console.log(
    `  stored: scores ${fmtInt(r.stored.scores)} (${fmt(r.stored.scoreTiers)}); qualification ${fmtInt(r.stored.qualification)} (${fmt(r.stored.decisions)}); ` +
      `routes ${fmtInt(r.stored.routes)} (${fmt(r.stored.outcomes)}); SLA timers started ${fmtInt(r.stored.slaTimers)}`,
  );

  const checks: string[][] = [['check', 'expected', 'actual', 'result']];
  let failed = false;
  const check = (what: string, expected: number | string, actual: number | string) => {
    const ok = expected === actual;
    if (!ok) failed = true;
    checks.push([what, typeof expected === 'number' ? fmtInt(expected) : expected, typeof actual === 'number' ? fmtInt(actual) : actual, ok ? 'OK' : 'FAIL']);
  };
  const c = (name: string, key: string) => stage(name)?.counts[key] ?? 0;
  const sumOf = (name: string, keys: readonly string[]) => keys.reduce((a, k) => a + c(name, k), 0);
  check('run status', 'completed', r.run.status);
  for (const s of STAGES) check(`${s} status`, 'completed', stage(s)?.status ?? 'missing');
  check('baseline rows = leads', leads, r.baseline.rows);
  check('score processed = leads', leads, processed('score'));
  check('score: hot + warm + cool + cold = leads', leads, sumOf('score', TIERS));
  check('scoring.lead_scores rows = leads', leads, r.stored.scores);
  for (const tier of TIERS) check(`stored ${tier} = reported ${tier}`, c('score', tier), r.stored.scoreTiers[tier] ?? 0);
  check('qualify processed = leads', leads, processed('qualify'));
  check('qualify: qualified + rejected + needsReview = leads', leads, sumOf('qualify', ['qualified', 'rejected', 'needsReview']));
  check('qualify: valid + risky + invalid = leads', leads, sumOf('qualify', ['valid', 'risky', 'invalid']));
  check('qualification.results rows = leads', leads, r.stored.qualification);
  check('stored qualified = reported qualified', c('qualify', 'qualified'), r.stored.decisions.qualified ?? 0);
  check('route processed = qualified leads', c('qualify', 'qualified'), processed('route'));
  const outcomes = sumOf('route', ['enrol', 'notEnrolled', 'blocked', 'review', 'skipped']);
  check('routing.routes rows = reported outcomes', outcomes, r.stored.routes);
  check('route: outcomes + unscored + missingFacts + alreadyRouted = processed', processed('route'), outcomes + sumOf('route', ['unscored', 'missingFacts', 'alreadyRouted']));
  check('stored enrol = reported enrol', c('route', 'enrol'), r.stored.outcomes.enrol ?? 0);
  console.log('\ncount checks:');
  console.log(table(checks));
  if (failed) console.error('FAIL: the run did not complete or a count check failed (see above)');
  return failed;
}

const fmt = (counts: Record<string, number>) => Object.entries(counts).map(([k, v]) => `${k} ${fmtInt(v)}`).join(', ');

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    if (err instanceof UsageError) console.error(`${err.message}\n\n${USAGE}`);
    else console.error(err.stack ?? err.message);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);

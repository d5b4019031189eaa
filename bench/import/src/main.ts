import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { migrateServiceSchema, serviceDataSourceOptions } from '#libs/database';
import { readLeadCsv } from '#libs/lead-intake';
import { harvestEntities, harvestMigrations } from '../../../services/harvest/src/harvest.schema.js';
import { runCsvImport, type ImportProgress } from '../../../services/harvest/src/imports/csv-import.runner.js';
import { explainMerge } from './explain-merge.js';
import { openBenchDatabase, type BenchDatabase } from './bench-database.js';
import type { GenerateOptions, GenerateResult } from './generate-leads-csv.js';
import { RssSampler } from './rss-sampler.js';
import { runSameShapeBaseline, type SameShapeRun } from './same-shape-baseline.js';
import { timedClient, type StatementTimes } from './timed-client.js';

/**
 * Import throughput benchmark (not a test): a synthetic lead CSV is loaded twice into one PostgreSQL server,
 * first with a plain COPY into an unindexed all-text table (the baseline), then through the real import path
 * (services/harvest runCsvImport: libs/lead-intake parsing and validation, COPY into a temp stage table, the
 * set-based merge into harvest.leads). Prints the figures; exits non-zero when the import's counts do not balance.
 *
 *   npm run bench:import -- [--rows 1000000] [--batch 5000] [--runs 1] [--companies 50000] [--seed 1]
 *                           [--no-parse-pass] [--explain] [--keep] [--verbose]
 */

const USAGE = `usage: node dist/bench/import/src/main.js [options]
  --rows N          data rows in the generated CSV (default 1000000)
  --batch N         import batch size, as HARVEST_IMPORT_BATCH_ROWS (default 5000, the service default)
  --runs N          repeat COPY + import N times on emptied tables and report the best of each (default 1)
  --companies N     distinct companies / email domains in the data (default 50000)
  --seed N          data seed (default 1)
  --no-parse-pass   skip the parser-only diagnostic pass
  --keep            keep the temp directory (CSV and database files) and print its path
  --verbose         print PostgreSQL log lines
  --set NAME=VALUE  a server setting for the whole run, both the baselines and the import (ALTER SYSTEM + reload;
                    reloadable settings only, e.g. --set max_wal_size=4GB --set wal_compression=lz4); repeatable
  --explain         after the measurement, EXPLAIN ANALYZE the merge for one batch of new leads and one of
                    existing leads (on the populated tables; not part of the timed figures)
Set DATABASE_URL to use an existing server (a scratch database is created and dropped) instead of an embedded one.`;

interface Options {
  rows: number;
  batch: number;
  runs: number;
  companies: number;
  seed: number;
  parsePass: boolean;
  keep: boolean;
  verbose: boolean;
  explain: boolean;
  settings: Array<[string, string]>;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { rows: 1_000_000, batch: 5000, runs: 1, companies: 50_000, seed: 1, parsePass: true, keep: false, verbose: false, explain: false, settings: [] };
  const int = (flag: string, value: string | undefined, min: number) => {
    const n = Number(value?.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} needs a whole number of at least ${min} (got ${value ?? 'nothing'})`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--rows': o.rows = int(flag, value(), 1); break;
      case '--batch': o.batch = int(flag, value(), 1); break;
      case '--runs': o.runs = int(flag, value(), 1); break;
      case '--companies': o.companies = int(flag, value(), 1); break;
      case '--seed': o.seed = int(flag, value(), 0); break;
      case '--no-parse-pass': o.parsePass = false; break;
      case '--keep': o.keep = true; break;
      case '--verbose': o.verbose = true; break;
      case '--explain': o.explain = true; break;
      case '--set': {
        if (process.env.DATABASE_URL) throw new UsageError('--set changes the server (ALTER SYSTEM): only for the embedded one, not with DATABASE_URL');
        const setting = value() ?? '';
        const m = /^([a-z_]+)=(.+)$/.exec(setting);
        if (!m) throw new UsageError(`--set needs NAME=VALUE (got ${setting || 'nothing'})`);
        o.settings.push([m[1]!, m[2]!]);
        break;
      }
      case '--help': case '-h': console.log(USAGE); process.exit(0);
      default: throw new UsageError(`unknown option ${arg}`);
    }
  }
  return o;
}

class UsageError extends Error {}

// ---------- helpers ----------

const MB = 1024 * 1024;
const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
const fmtS = (ms: number) => (ms / 1000).toFixed(2);
const fmtMB = (bytes: number) => (bytes / MB).toFixed(1);

/** global.gc when started with --expose-gc, else the same function obtained at run time. */
function gcFunction(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
const gc = gcFunction();
const fullGc = () => {
  gc();
  gc();
};

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => '| ' + r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' | ') + ' |';
  const sep = '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|';
  return [line(rows[0]!), sep, ...rows.slice(1).map(line)].join('\n');
}

async function generateInChild(options: GenerateOptions): Promise<GenerateResult> {
  const child = fork(new URL('./generate-child.js', import.meta.url), [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let settled = false;
    child.once('message', (m: { ok: true; result: GenerateResult } | { ok: false; message: string }) => {
      settled = true;
      if (m.ok) resolve(m.result);
      else reject(new Error(`CSV generation failed: ${m.message}`));
    });
    child.once('exit', (code) => {
      if (!settled) reject(new Error(`the CSV generator exited with code ${code}`));
    });
    child.send(options);
  });
}

// ---------- the two measurements ----------

const COPY_TABLE = 'public.bench_copy_baseline';
const COPY_COLUMNS = ['email', 'first_name', 'last_name', 'title', 'company', 'company_domain', 'industry', 'employees', 'country', 'city', 'technologies'];

interface CopyRun {
  ms: number;
  rows: number;
  cpuMs: number;
}

async function runCopyBaseline(pool: pg.Pool, csvPath: string): Promise<CopyRun> {
  const client = await pool.connect();
  try {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const stream = client.query(copyFrom(`COPY ${COPY_TABLE} FROM STDIN (FORMAT csv, HEADER)`));
    await pipeline(createReadStream(csvPath, { highWaterMark: 256 * 1024 }), stream);
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return { ms, rows: stream.rowCount, cpuMs: (used.user + used.system) / 1000 };
  } finally {
    client.release();
  }
}

interface ImportRun {
  ms: number;
  cpuMs: number;
  progress: ImportProgress;
  batches: number;
  rssBefore: number;
  rssPeak: number;
  heapBefore: number;
  rssSamples: number;
  times: StatementTimes;
  db: { leads: number; provenance: number; campaigns: number; rejections: number };
}

async function runImport(pool: pg.Pool, csvPath: string, bytesTotal: number, batchRows: number): Promise<ImportRun> {
  const importId = randomUUID();
  const campaignId = 'bench-import';
  await pool.query(
    `INSERT INTO harvest.import_jobs (id, campaign_id, origin, file_name, spool_path, status, started_at, bytes_total)
     VALUES ($1, $2, 'upload', 'bench-leads.csv', $3, 'running', now(), $4)`,
    [importId, campaignId, csvPath, bytesTotal],
  );
  const raw = await pool.connect();
  try {
    const { client, times } = timedClient(raw);
    fullGc();
    const rssBefore = process.memoryUsage.rss();
    const heapBefore = process.memoryUsage().heapUsed;
    const sampler = new RssSampler().start(50);
    // As ImportJobsService.run reads the spooled file.
    let bytesRead = 0;
    const file = createReadStream(csvPath, { highWaterMark: 256 * 1024 });
    const input = (async function* () {
      for await (const chunk of file) {
        bytesRead += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    })();
    let batches = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    let progress: ImportProgress;
    try {
      progress = await runCsvImport({
        client,
        importId,
        campaignId,
        fileName: 'bench-leads.csv',
        input,
        batchRows,
        seenAt: new Date(),
        // The same checkpoint the service (lead-file-importer.ts) writes inside each batch's transaction.
        checkpoint: async (tx, p, lastLine) => {
          await tx.query(
            `UPDATE harvest.import_jobs SET committed_line = $2, total = $3, imported = $4, rejected = $5, created = $6, merged = $7, bytes_read = $8
             WHERE id = $1 AND status = 'running'`,
            [importId, lastLine, p.total, p.imported, p.rejected, p.created, p.merged, bytesRead],
          );
        },
        onProgress: async () => {
          batches++;
        },
      });
    } finally {
      file.destroy();
    }
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const rssPeak = sampler.stop();
    await raw.query(`UPDATE harvest.import_jobs SET status = 'completed', finished_at = now() WHERE id = $1`, [importId]);
    const { rows } = await raw.query<{ leads: number; provenance: number; campaigns: number; rejections: number }>(
      `SELECT (SELECT count(*) FROM harvest.leads)::int AS leads,
              (SELECT count(*) FROM harvest.lead_provenance)::int AS provenance,
              (SELECT count(*) FROM harvest.lead_campaigns WHERE campaign_id = $2)::int AS campaigns,
              (SELECT count(*) FROM harvest.import_rejections WHERE import_id = $1)::int AS rejections`,
      [importId, campaignId],
    );
    return { ms, cpuMs: (used.user + used.system) / 1000, progress, batches, rssBefore, rssPeak, heapBefore, rssSamples: sampler.samples, times, db: rows[0]! };
  } finally {
    raw.release();
  }
}

interface ServerSnapshot {
  lsn: string;
  fpi: number | undefined;
  checkpoints: number | undefined;
}

/** WAL position (exact) and cumulative full-page images and checkpoints (PostgreSQL 17+ views; else undefined). */
async function serverSnapshot(pool: pg.Pool): Promise<ServerSnapshot> {
  const { rows } = await pool.query<{ lsn: string }>(`SELECT pg_current_wal_lsn()::text AS lsn`);
  let fpi: number | undefined;
  let checkpoints: number | undefined;
  try {
    // Backends report their statistics about once a second when idle.
    await new Promise((r) => setTimeout(r, 1500));
    const s = await pool.query<{ fpi: string; checkpoints: string }>(
      `SELECT (SELECT wal_fpi FROM pg_stat_wal) AS fpi, (SELECT num_timed + num_requested FROM pg_stat_checkpointer) AS checkpoints`,
    );
    fpi = Number(s.rows[0]!.fpi);
    checkpoints = Number(s.rows[0]!.checkpoints);
  } catch {
    /* older server */
  }
  return { lsn: rows[0]!.lsn, fpi, checkpoints };
}

async function serverDelta(pool: pg.Pool, before: ServerSnapshot): Promise<{ walBytes: number; fpi?: number; checkpoints?: number }> {
  const after = await serverSnapshot(pool);
  const { rows } = await pool.query<{ d: string }>(`SELECT pg_wal_lsn_diff($1, $2)::text AS d`, [after.lsn, before.lsn]);
  return {
    walBytes: Number(rows[0]!.d),
    fpi: after.fpi !== undefined && before.fpi !== undefined ? after.fpi - before.fpi : undefined,
    checkpoints: after.checkpoints !== undefined && before.checkpoints !== undefined ? after.checkpoints - before.checkpoints : undefined,
  };
}

async function resetTables(pool: pg.Pool): Promise<void> {
  await pool.query(`TRUNCATE ${COPY_TABLE}`);
  await pool.query(`TRUNCATE harvest.lead_campaigns, harvest.lead_provenance, harvest.import_rejections, harvest.import_jobs, harvest.leads`);
  // Each timed phase starts without dirty buffers from the previous one to write back.
  await pool.query('CHECKPOINT');
}

async function parsePass(csvPath: string): Promise<{ ms: number; rows: number; rejected: number }> {
  fullGc();
  let rows = 0;
  let rejected = 0;
  const started = performance.now();
  for await (const event of readLeadCsv(createReadStream(csvPath, { highWaterMark: 256 * 1024 }))) {
    if (event.kind === 'row') rows++;
    else if (event.kind === 'rejected') rejected++;
  }
  return { ms: performance.now() - started, rows, rejected };
}

// ---------- main ----------

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  const workDir = await mkdtemp(join(os.tmpdir(), 'aicmo-bench-import-'));
  let db: BenchDatabase | undefined;
  let pool: pg.Pool | undefined;
  let cleaning: Promise<void> | undefined;
  // One cleanup, however many paths (normal end, error, signal, crash) ask for it; all of them wait for it.
  const cleanup = () =>
    (cleaning ??= (async () => {
      // pool.end() waits for checked-out clients; after a failure one may never come back, so do not wait long.
      if (pool) await Promise.race([pool.end().catch(() => undefined), new Promise((r) => setTimeout(r, 3000).unref())]);
      await db?.close().catch((err: Error) => console.error(`stopping the database failed: ${err.message}`));
      if (o.keep) console.log(`kept ${workDir}`);
      else await rm(workDir, { recursive: true, force: true }).catch((err: Error) => console.error(`removing ${workDir} failed: ${err.message}`));
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping the database and removing temp files`);
    void cleanup().finally(() => process.exit(130));
  };
  process.on('uncaughtException', (err) => {
    console.error(`uncaught: ${err.stack ?? err.message}`);
    void cleanup().finally(() => process.exit(1));
  });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    console.log(`bench:import  node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${fmtMB(os.totalmem())} MB RAM`);
    console.log(`load average before: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on the host skews the timings)`);
    console.log(`options: rows=${fmtInt(o.rows)} batch=${o.batch} runs=${o.runs} companies=${fmtInt(o.companies)} seed=${o.seed}`);

    // 1. The file, written by a child process so its memory is not ours.
    const csvPath = join(workDir, 'bench-leads.csv');
    console.log(`\n[1/4] generating ${fmtInt(o.rows)} rows into ${csvPath} ...`);
    const gen = await generateInChild({ path: csvPath, rows: o.rows, companies: o.companies, seed: o.seed });
    console.log(
      `      ${fmtMB(gen.bytes)} MB (${fmtInt(gen.bytes)} bytes) in ${gen.seconds.toFixed(1)} s: ${fmtInt(gen.expectedDistinct)} distinct valid, ` +
        `${fmtInt(gen.duplicates)} case-variant duplicates, ${fmtInt(gen.expectedInvalid)} invalid`,
    );

    // 2. The server and the harvest schema.
    console.log(`[2/4] starting PostgreSQL and applying the harvest migrations ...`);
    db = await openBenchDatabase(workDir, o.verbose ? (line) => console.log(`      pg: ${line}`) : () => undefined);
    const url = db.url;
    const applied = await migrateServiceSchema({
      ...serviceDataSourceOptions({ url, schema: 'harvest', entities: harvestEntities, migrations: harvestMigrations, applicationName: 'bench-import-migrate' }),
      url,
      schema: 'harvest',
    });
    pool = new pg.Pool({ connectionString: url, max: 2, application_name: 'bench-import' });
    // An idle client losing its connection (server stopped under us) must fail the run, not crash past the cleanup.
    pool.on('error', (err) => console.error(`database connection error: ${err.message}`));
    pool.on('connect', (client) => client.on('error', (err) => console.error(`database connection error: ${err.message}`)));
    for (const [name, value] of o.settings) await pool.query(`ALTER SYSTEM SET ${name} = '${value.replace(/'/g, "''")}'`);
    if (o.settings.length) {
      await pool.query('SELECT pg_reload_conf()');
      await new Promise((resolve) => setTimeout(resolve, 300)); // the reload reaches the backends asynchronously
    }
    const shown = ['server_version', 'shared_buffers', 'max_wal_size', 'synchronous_commit', 'wal_level', 'wal_compression', 'work_mem', 'fsync'];
    const settings = await pool.query<{ v: string; name: string }>(
      `SELECT name, current_setting(name) AS v FROM pg_settings WHERE name = ANY($1::text[])`,
      [[...shown, ...o.settings.map(([name]) => name).filter((n) => !shown.includes(n))]],
    );
    console.log(`      ${db.description}; migrations applied: ${applied.join(', ') || 'none (already current)'}`);
    console.log(`      server: ${settings.rows.map((r) => `${r.name}=${r.v}`).join(' ')}`);
    await pool.query(`CREATE TABLE ${COPY_TABLE} (${COPY_COLUMNS.map((c) => `${c} text`).join(', ')})`);

    // 3. COPY baseline, then the import, on emptied tables; `runs` times.
    console.log(`[3/4] measuring: per run, COPY baseline first, then the import (tables emptied and CHECKPOINT before each run) ...`);
    const copies: CopyRun[] = [];
    const imports: ImportRun[] = [];
    const copyServer: Array<Awaited<ReturnType<typeof serverDelta>>> = [];
    const importServer: Array<Awaited<ReturnType<typeof serverDelta>>> = [];
    const shapes: SameShapeRun[] = [];
    let failed = false;
    const checks: string[][] = [['check', 'expected', 'actual', 'result']];
    const check = (run: number, what: string, expected: number, actual: number) => {
      const ok = expected === actual;
      if (!ok) failed = true;
      checks.push([`run ${run}: ${what}`, fmtInt(expected), fmtInt(actual), ok ? 'OK' : 'FAIL']);
    };
    for (let run = 1; run <= o.runs; run++) {
      await resetTables(pool);
      let snap = await serverSnapshot(pool);
      const copy = await runCopyBaseline(pool, csvPath);
      copies.push(copy);
      copyServer.push(await serverDelta(pool, snap));
      console.log(`      run ${run}: COPY   ${fmtS(copy.ms)} s, ${fmtInt(copy.rows)} rows, ${fmtInt(copy.rows / (copy.ms / 1000))} rows/s`);
      await pool.query('CHECKPOINT');
      snap = await serverSnapshot(pool);
      const imp = await runImport(pool, csvPath, gen.bytes, o.batch);
      imports.push(imp);
      importServer.push(await serverDelta(pool, snap));
      const p = imp.progress;
      console.log(
        `      run ${run}: import ${fmtS(imp.ms)} s, ${fmtInt(p.total)} rows, ${fmtInt(p.total / (imp.ms / 1000))} rows/s, ` +
          `peak RSS ${fmtMB(imp.rssPeak)} MB`,
      );
      const shape = await runSameShapeBaseline(pool, workDir);
      shapes.push(shape);
      console.log(`      run ${run}: COPY of the import's rows into same-shape tables ${fmtS(shape.ms)} s (${shape.perTable.map((t) => `${t.table} ${fmtS(t.ms)} s`).join(', ')})`);
      check(run, 'COPY rows = data rows', gen.rows, copy.rows);
      check(run, 'imported + rejected = data rows', gen.rows, p.imported + p.rejected);
      check(run, 'progress.total = imported + rejected', p.imported + p.rejected, p.total);
      check(run, 'imported = valid rows generated', gen.expectedValid, p.imported);
      check(run, 'rejected = invalid rows generated', gen.expectedInvalid, p.rejected);
      check(run, 'rejection rows stored', p.rejected, imp.db.rejections);
      check(run, 'created = distinct emails', gen.expectedDistinct, p.created);
      check(run, 'harvest.leads rows', gen.expectedDistinct, imp.db.leads);
      check(run, 'lead_provenance rows', gen.expectedDistinct, imp.db.provenance);
      check(run, 'lead_campaigns rows', gen.expectedDistinct, imp.db.campaigns);
    }

    console.log(`      load average after the runs: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

    // 4. Diagnostics: the parser alone.
    const parse = o.parsePass ? (console.log(`[4/4] parser-only pass (readLeadCsv over the same file, no database) ...`), await parsePass(csvPath)) : undefined;

    // ---------- report ----------
    const copy = copies.reduce((a, b) => (b.ms < a.ms ? b : a));
    const imp = imports.reduce((a, b) => (b.ms < a.ms ? b : a));
    const rows = gen.rows;
    const copyRate = rows / (copy.ms / 1000);
    const importRate = rows / (imp.ms / 1000);
    const ratio = importRate / copyRate;
    const shape = shapes.reduce((a, b) => (b.ms < a.ms ? b : a));
    const shapeRatio = shape.ms / imp.ms;
    const rssPeak = Math.max(...imports.map((i) => i.rssPeak));
    const maxRss = process.resourceUsage().maxRSS * 1024; // KiB → bytes
    const p = imp.progress;
    const balanced = imports.every((i) => i.progress.imported + i.progress.rejected === rows);
    const order = o.runs === 1 ? 'one run: COPY first, then the import' : `${o.runs} runs (each COPY then import on emptied tables); best of each reported`;

    console.log(`\n=== Import benchmark: ${fmtInt(rows)} rows, ${order} ===`);
    console.log(
      table([
        ['figure', 'value', 'target', 'result'],
        ['rows (data rows in file)', fmtInt(rows), '', ''],
        ['file size (MB)', fmtMB(gen.bytes), '', ''],
        ['COPY baseline (s)', fmtS(copy.ms), '', ''],
        ['COPY baseline (rows/s)', fmtInt(copyRate), '', ''],
        ['import (s)', fmtS(imp.ms), '', ''],
        ['import (rows/s)', fmtInt(importRate), '', ''],
        ['ratio import/COPY (rows/s)', ratio.toFixed(3), '', ''],
        ['same-shape COPY: leads + provenance + campaigns (s)', fmtS(shape.ms), '', ''],
        ...shape.perTable.map((t) => [`  ${t.table} (${fmtInt(t.rows)} rows, s)`, fmtS(t.ms), '', '']),
        ['ratio import/same-shape COPY (speed)', shapeRatio.toFixed(3), '>= 0.8', shapeRatio >= 0.8 ? 'OK' : 'BELOW'],
        ['peak RSS during import (MB, 50 ms samples)', fmtMB(rssPeak), '<= 512', rssPeak <= 512 * MB ? 'OK' : 'ABOVE'],
        ['  RSS before import, after GC (MB)', fmtMB(Math.min(...imports.map((i) => i.rssBefore))), '', ''],
        ['  process maxRSS, COPY + import (MB)', fmtMB(maxRss), '<= 512', maxRss <= 512 * MB ? 'OK' : 'ABOVE'],
        ['imported', fmtInt(p.imported), '', ''],
        ['rejected', fmtInt(p.rejected), '', ''],
        ['created', fmtInt(p.created), '', ''],
        ['merged (duplicate seen in a later batch)', fmtInt(p.merged), '', ''],
        ['collapsed in-batch (imported - created - merged)', fmtInt(p.imported - p.created - p.merged), '', ''],
        ['imported + rejected = rows', `${fmtInt(p.imported + p.rejected)} = ${fmtInt(rows)}`, '', balanced ? 'OK' : 'FAIL'],
      ]),
    );
    if (o.runs > 1) {
      console.log('\nall runs:');
      console.log(
        table([
          ['run', 'COPY s', 'COPY rows/s', 'import s', 'import rows/s', 'ratio', 'peak RSS MB'],
          ...imports.map((r, i) => [
            String(i + 1),
            fmtS(copies[i]!.ms),
            fmtInt(rows / (copies[i]!.ms / 1000)),
            fmtS(r.ms),
            fmtInt(rows / (r.ms / 1000)),
            (copies[i]!.ms / r.ms).toFixed(3),
            fmtMB(r.rssPeak),
          ]),
        ]),
      );
    }

    console.log(`\nwhere the import's time went (best run, ${imp.batches} batches of ${o.batch}; wall ${fmtS(imp.ms)} s):`);
    const busy = imp.times.totalMs();
    const breakdown: string[][] = [['import connection', 'calls', 'seconds', '% of wall', 'ms/call']];
    const order2 = ['stage-copy', 'merge', 'lookup', 'commit', 'begin', 'progress', 'rejections', 'create-stage', 'rollback', 'other'] as const;
    for (const kind of order2) {
      const t = imp.times.kinds.get(kind);
      if (!t) continue;
      const label =
        kind === 'stage-copy' ? 'COPY (leads, provenance, campaigns, stage)' : kind === 'merge' ? 'merge SQL (lead-merge.sql.ts)' : kind === 'lookup' ? 'lookup of stored emails' : kind;
      breakdown.push([label, fmtInt(t.count), fmtS(t.ms), ((100 * t.ms) / imp.ms).toFixed(1), (t.ms / t.count).toFixed(1)]);
    }
    breakdown.push(['connection busy (sum)', '', fmtS(busy), ((100 * busy) / imp.ms).toFixed(1), '']);
    breakdown.push(['connection idle (waiting for the parser)', '', fmtS(imp.ms - busy), ((100 * (imp.ms - busy)) / imp.ms).toFixed(1), '']);
    console.log(table(breakdown));
    console.log(
      `node CPU: COPY ${fmtS(copy.cpuMs)} s over ${fmtS(copy.ms)} s wall; import ${fmtS(imp.cpuMs)} s over ${fmtS(imp.ms)} s wall ` +
        `(${((100 * imp.cpuMs) / imp.ms).toFixed(0)}% of one core); host has ${os.cpus().length} cores shared with PostgreSQL`,
    );
    const best = imports.indexOf(imp);
    const server = (d: Awaited<ReturnType<typeof serverDelta>>) =>
      `${fmtMB(d.walBytes)} MB WAL` + (d.fpi !== undefined ? `, ${fmtInt(d.fpi)} full-page images` : '') + (d.checkpoints !== undefined ? `, ${d.checkpoints} checkpoints` : '');
    console.log(`server: COPY wrote ${server(copyServer[copies.indexOf(copy)]!)}; import wrote ${server(importServer[best]!)}`);
    const merges = imp.times.series.get('merge') ?? [];
    const stages = imp.times.series.get('stage-copy') ?? [];
    if (merges.length >= 10) {
      const tenth = Math.max(1, Math.floor(merges.length / 10));
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const deciles = Array.from({ length: 10 }, (_, d) => mean(merges.slice(d * tenth, d === 9 ? merges.length : (d + 1) * tenth)).toFixed(0));
      const stageDeciles = Array.from({ length: 10 }, (_, d) => mean(stages.slice(d * tenth, d === 9 ? stages.length : (d + 1) * tenth)).toFixed(0));
      console.log(`merge ms/batch by tenth of the file (table growing):  ${deciles.join(' ')}`);
      console.log(`stage COPY ms/batch by tenth of the file:             ${stageDeciles.join(' ')}`);
    }
    const sizes = await pool.query<{ name: string; heap: string; indexes: string }>(
      `SELECT c.relname AS name, pg_relation_size(c.oid)::text AS heap, pg_indexes_size(c.oid)::text AS indexes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE (n.nspname = 'harvest' AND c.relname IN ('leads', 'lead_provenance', 'lead_campaigns')) OR (n.nspname = 'public' AND c.relname = 'bench_copy_baseline')
       ORDER BY c.relname`,
    );
    console.log(
      `table sizes after the last run (heap + indexes, MB): ${sizes.rows.map((r) => `${r.name} ${fmtMB(Number(r.heap))} + ${fmtMB(Number(r.indexes))}`).join('; ')}; shared_buffers ${settings.rows.find((r) => r.name === 'shared_buffers')?.v}`,
    );
    if (parse) {
      console.log(
        `parser alone (readLeadCsv, warm): ${fmtS(parse.ms)} s, ${fmtInt(rows / (parse.ms / 1000))} rows/s ` +
          `(${fmtInt(parse.rows)} rows, ${fmtInt(parse.rejected)} rejected) = ${((100 * parse.ms) / imp.ms).toFixed(1)}% of the import wall time`,
      );
    }

    if (o.explain) {
      const explainCsv = join(workDir, 'explain-leads.csv');
      await generateInChild({ path: explainCsv, rows: o.batch, companies: o.companies, seed: o.seed + 1000 });
      const [fresh] = await explainMerge(pool, explainCsv, o.batch);
      const [again] = await explainMerge(pool, explainCsv, o.batch);
      console.log(`\nEXPLAIN ANALYZE of the merge, ${fmtInt(o.batch)} new leads into ${fmtInt(imp.db.leads)} existing:\n${fresh}`);
      console.log(`\nEXPLAIN ANALYZE of the merge, the same ${fmtInt(o.batch)} leads again (all conflicts, update path):\n${again}`);
    }

    console.log('\ncount checks:');
    console.log(table(checks));
    if (!balanced) console.error('FAIL: imported + rejected does not equal the rows in the file');
    else if (failed) console.error('FAIL: a count check failed (see above)');
    return failed || !balanced ? 1 : 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    if (err instanceof UsageError) console.error(`${err.message}\n\n${USAGE}`);
    else console.error(err.stack ?? err.message);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);

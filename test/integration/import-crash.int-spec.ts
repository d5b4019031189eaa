import { randomUUID } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { leadImportWorkflowId, type LeadImportReport } from '#libs/contracts';
import { connectTemporal } from '#libs/temporal';
import { api, eventually, testStack } from '../setup/test-stack.js';
import { maybeRecordHistory } from './record-history.js';

interface ImportJob {
  id: string;
  status: string;
  error: string | null;
  counts: { total: number; imported: number; rejected: number; created: number; merged: number };
}

const campaign = 'it-import-crash';
const rows = 80_000;
/** Leads the campaign already has before the big file arrives: the file's first valid rows. */
const known = 1_000;
const email = (i: number) => `crash${i}@crash.example`;
/** Every 97th row has no usable email and must be rejected with its line. */
const bad = (i: number) => i % 97 === 0;

const pool = new pg.Pool({ connectionString: testStack().databaseUrl, max: 2 });
afterAll(() => pool.end());

async function upload(body: string, fileName: string): Promise<string> {
  const res = await api<ImportJob>(`/campaigns/${campaign}/imports?fileName=${fileName}`, { method: 'POST', body, headers: { 'content-type': 'text/csv' } });
  expect(res.status).toBe(202);
  return res.body.id;
}

/** The job as harvest stores it; while harvest is down the API cannot answer, so misses are retried. */
async function job(id: string): Promise<ImportJob | undefined> {
  const res = await api<ImportJob>(`/imports/${id}`).catch(() => undefined);
  return res?.status === 200 ? res.body : undefined;
}

function finished(id: string, timeoutMs: number) {
  return eventually(async () => {
    const j = await job(id);
    return j && (j.status === 'completed' || j.status === 'failed') ? j : undefined;
  }, `import ${id} to finish`, timeoutMs);
}

/**
 * A job as the previous import engine left it at an upgrade: no committed line, and for a running one counts
 * frozen part-way. Its file waits in the spool.
 */
async function leaveOldEngineJob(status: 'queued' | 'running', rowsInFile: number): Promise<string> {
  const id = randomUUID();
  const spoolPath = join(testStack().dataDir, 'harvest-spool', `${id}.csv`);
  await writeFile(spoolPath, ['email', ...Array.from({ length: rowsInFile }, (_, i) => `old-${status}-${i}@upgrade.example`)].join('\n'));
  const frozen = status === 'running' ? 50 : 0;
  await pool.query(
    `INSERT INTO harvest.import_jobs (id, campaign_id, origin, file_name, spool_path, status, total, imported, created, started_at)
     VALUES ($1, $2, 'upload', $3, $4, $5, $6, $6, $6, CASE WHEN $5 = 'running' THEN now() END)`,
    [id, campaign, `old-${status}.csv`, spoolPath, status, frozen],
  );
  return id;
}

const harvestPid = async () => Number(await readFile(join(testStack().dataDir, 'run', 'harvest.pid'), 'utf8'));

beforeAll(async () => {
  expect((await api('/campaigns', { method: 'POST', json: { id: campaign, name: 'Import crash' } })).status).toBe(201);
});

describe('an import whose harvest process is killed mid-file', () => {
  let oldQueued = '';
  let oldRunning = '';

  it('resumes where it stopped and ends with every count exact', async () => {
    // Leads the campaign already has: the big file merges into them, once.
    const seed = ['email,first name'];
    let seeded = 0;
    for (let i = 1; seeded < known; i++) {
      if (bad(i)) continue;
      seed.push(`${email(i)},Known ${i}`);
      seeded++;
    }
    const seedJob = await finished(await upload(seed.join('\n'), 'known.csv'), 60_000);
    expect(seedJob).toMatchObject({ status: 'completed', counts: { total: known, imported: known, created: known, merged: 0 } });
    await maybeRecordHistory(leadImportWorkflowId(campaign, seedJob.id), 'lead-import-completed');

    const lines = ['email,first name,company'];
    for (let i = 1; i <= rows; i++) lines.push(bad(i) ? `not-an-email-${i},Bad,Row ${i}` : `${email(i)},Lead ${i},Company ${i % 500}`);
    const rejected = Array.from({ length: rows }, (_, k) => k + 1).filter(bad).length;
    const valid = rows - rejected;

    const id = await upload(lines.join('\n'), 'big.csv');
    // Mid-file: some batches committed, most of the file still to come.
    const before = await eventually(async () => {
      const j = await job(id);
      return j && j.counts.total >= 5_000 ? j : undefined;
    }, 'the big import to be under way', 60_000);
    expect(before.status).toBe('running');
    expect(before.counts.total).toBeLessThan(rows / 2);

    // Left behind by the previous engine; the restarted harvest hands them to workflows.
    oldQueued = await leaveOldEngineJob('queued', 120);
    oldRunning = await leaveOldEngineJob('running', 180);

    const killed = await harvestPid();
    process.kill(killed, 'SIGKILL');
    // The launcher starts harvest again; the workflow's next attempt picks the file up after the heartbeat timeout.
    await eventually(async () => {
      const pid = await harvestPid().catch(() => 0);
      return pid > 0 && pid !== killed ? pid : undefined;
    }, 'harvest to be restarted', 60_000);

    const done = await finished(id, 180_000);
    expect(done.error).toBeNull();
    expect(done).toMatchObject({
      status: 'completed',
      counts: { total: rows, imported: valid, rejected, created: valid - known, merged: known },
    });
    expect(done.counts.imported + done.counts.rejected).toBe(rows);

    // The database agrees: one lead per valid row, each seen once by this file, nothing lost or doubled.
    const { rows: [db] } = await pool.query<{ leads: number; members: number; once: number; twice: number; more: number; fromJob: number; rejections: number }>(
      `SELECT (SELECT count(*) FROM harvest.leads WHERE email LIKE '%@crash.example')::int AS leads,
              (SELECT count(*) FROM harvest.lead_campaigns m JOIN harvest.leads l ON l.id = m.lead_id
                 WHERE m.campaign_id = $2 AND l.email LIKE '%@crash.example')::int AS members,
              count(*) FILTER (WHERE p.times_seen = 1)::int AS once,
              count(*) FILTER (WHERE p.times_seen = 2)::int AS twice,
              count(*) FILTER (WHERE p.times_seen > 2)::int AS more,
              count(*) FILTER (WHERE p.import_id = $1)::int AS "fromJob",
              (SELECT count(*) FROM harvest.import_rejections WHERE import_id = $1)::int AS rejections
       FROM harvest.lead_provenance p JOIN harvest.leads l ON l.id = p.lead_id
       WHERE p.source = 'csv' AND l.email LIKE '%@crash.example'`,
      [id, campaign],
    );
    expect(db).toEqual({ leads: valid, members: valid, once: valid - known, twice: known, more: 0, fromJob: valid, rejections: rejected });

    // It resumed after its committed line rather than starting over.
    const harvestLog = await readFile(join(testStack().dataDir, 'logs', 'harvest.log'), 'utf8');
    const resumed = harvestLog.split('\n').find((l) => l.includes('"import resumed"') && l.includes(id));
    expect(resumed).toBeDefined();
    expect(JSON.parse(resumed!).afterLine).toBeGreaterThan(1);

    // The file left the spool with its job; the workflow is visible under its readable id with the same counts.
    expect((await readdir(join(testStack().dataDir, 'harvest-spool'))).filter((f) => f.startsWith(id))).toEqual([]);
    const { client, connection } = await connectTemporal({ address: testStack().temporalAddress, namespace: testStack().namespace });
    try {
      const result = (await client.workflow.getHandle(leadImportWorkflowId(campaign, id)).result()) as LeadImportReport;
      expect(result).toEqual({ jobId: id, status: 'completed', counts: done.counts, error: null });
    } finally {
      await connection.close();
    }
    await maybeRecordHistory(leadImportWorkflowId(campaign, id), 'lead-import-resumed-after-kill');
  }, 300_000);

  it('takes over the jobs the previous import engine left queued or running', async () => {
    for (const [id, rowsInFile] of [
      [oldQueued, 120],
      [oldRunning, 180],
    ] as const) {
      const done = await finished(id, 120_000);
      // Counts from the top: the old engine's frozen counts were not kept with its leads.
      expect(done).toMatchObject({ status: 'completed', counts: { total: rowsInFile, imported: rowsInFile, rejected: 0, created: rowsInFile, merged: 0 } });
      expect((await readdir(join(testStack().dataDir, 'harvest-spool'))).filter((f) => f.startsWith(id))).toEqual([]);
    }
    const { rows: [db] } = await pool.query<{ leads: number }>(`SELECT count(*)::int AS leads FROM harvest.leads WHERE email LIKE '%@upgrade.example'`);
    expect(db!.leads).toBe(300);
    const { client, connection } = await connectTemporal({ address: testStack().temporalAddress, namespace: testStack().namespace });
    try {
      const described = await client.workflow.getHandle(leadImportWorkflowId(campaign, oldRunning)).describe();
      expect(described.status.name).toBe('COMPLETED');
    } finally {
      await connection.close();
    }
  });

  it('closes a cancelled import as failed, between batches, and removes its file', async () => {
    // Long enough to be mid-file when the cancel arrives: the SDK sends heartbeats (which carry the cancel back)
    // at most every 24 s (0.8 of the heartbeat timeout).
    const lines = ['email'];
    for (let i = 1; i <= 400_000; i++) lines.push(`cancel${i}@cancel.example`);
    const id = await upload(lines.join('\n'), 'cancelled.csv');
    await eventually(async () => {
      const j = await job(id);
      return j && j.counts.total > 0 ? j : undefined;
    }, 'the import to be under way', 60_000);
    const { client, connection } = await connectTemporal({ address: testStack().temporalAddress, namespace: testStack().namespace });
    try {
      // An operator's cancel from the Web UI: the activity stops at a batch boundary, then the job is closed.
      await client.workflow.getHandle(leadImportWorkflowId(campaign, id)).cancel();
      const failed = await finished(id, 60_000);
      expect(failed).toMatchObject({ status: 'failed', error: 'the import was cancelled' });
      expect(failed.counts.total).toBeLessThan(400_000);
      // What was committed before the cancel is counted exactly: one lead per imported row.
      const { rows: [db] } = await pool.query<{ leads: number }>(`SELECT count(*)::int AS leads FROM harvest.leads WHERE email LIKE '%@cancel.example'`);
      expect(db!.leads).toBe(failed.counts.created);
      expect(failed.counts.imported).toBe(failed.counts.created);
      expect((await readdir(join(testStack().dataDir, 'harvest-spool'))).filter((f) => f.startsWith(id))).toEqual([]);
      const result = (await client.workflow.getHandle(leadImportWorkflowId(campaign, id)).result()) as LeadImportReport;
      expect(result).toEqual({ jobId: id, status: 'failed', counts: failed.counts, error: 'the import was cancelled' });
    } finally {
      await connection.close();
    }
    await maybeRecordHistory(leadImportWorkflowId(campaign, id), 'lead-import-cancelled');
  }, 120_000);

  it('removes the file of a failed import from the spool too', async () => {
    const id = await upload('name,company\nx,y\n', 'no-email.csv');
    const failed = await finished(id, 60_000);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/email/i);
    expect((await readdir(join(testStack().dataDir, 'harvest-spool'))).filter((f) => f.startsWith(id))).toEqual([]);
    await maybeRecordHistory(leadImportWorkflowId(campaign, id), 'lead-import-unreadable-file');
  });
});

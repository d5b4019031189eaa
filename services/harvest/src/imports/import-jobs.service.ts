import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DataSource } from 'typeorm';
import { CsvFileError } from '../../../../libs/lead-intake/src/index.js';
import type { Logger } from '../../../../libs/logging/src/index.js';
import { HARVEST_CONFIG, type HarvestConfig } from '../harvest.config.js';
import { HarvestError, assertCampaignId } from '../harvest-errors.js';
import { withPgClient } from '../leads/pg-client.js';
import { HARVEST_LOGGER } from '../harvest-logger.js';
import { runCsvImport } from './csv-import.runner.js';
import { ImportJob, toImportJobView, type ImportJobView, type ImportOrigin } from './import-job.entity.js';

/**
 * Import jobs: a file is first spooled to disk and recorded as a queued job (so an accepted upload survives a
 * restart), then imported one job at a time in the background. Callers can await a job or poll its counts.
 */
/** A running job renews its lease with every batch; a batch taking longer than this would be taken over. */
const LEASE = '5 minutes';

@Injectable()
export class ImportJobsService implements OnApplicationShutdown {
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private queue: string[] = [];
  private running = false;
  private readonly waiters = new Map<string, Array<(job: ImportJobView) => void>>();
  private sweeper?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(HARVEST_CONFIG) private readonly config: HarvestConfig,
    @Inject(HARVEST_LOGGER) private readonly log: Logger,
  ) {}

  async acceptUpload(campaignId: string, fileName: string, body: Readable): Promise<ImportJobView> {
    assertCampaignId(campaignId);
    const name = safeFileName(fileName);
    const job = await this.insertJob(campaignId, 'upload', name);
    try {
      await pipeline(body, byteLimit(this.config.HARVEST_IMPORT_MAX_BYTES), createWriteStream(job.spoolPath!));
    } catch (err) {
      await unlink(job.spoolPath!).catch(() => undefined);
      await this.db.query(`DELETE FROM harvest.import_jobs WHERE id = $1`, [job.id]);
      throw err;
    }
    return this.enqueue(job.id);
  }

  /** Move a dropped file into the spool and queue it. */
  async acceptDroppedFile(campaignId: string, path: string): Promise<ImportJobView> {
    const job = await this.insertJob(campaignId, 'drop-folder', basename(path));
    try {
      await moveFile(path, job.spoolPath!);
    } catch (err) {
      // Not ours after all (taken by another replica): no job without its file.
      await this.db.query(`DELETE FROM harvest.import_jobs WHERE id = $1`, [job.id]);
      throw err;
    }
    return this.enqueue(job.id);
  }

  async get(id: string): Promise<ImportJobView> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new HarvestError('import_not_found', `no import ${id}`);
    const job = await this.db.getRepository(ImportJob).findOneBy({ id });
    if (!job) throw new HarvestError('import_not_found', `no import ${id}`);
    return toImportJobView(job);
  }

  async list(campaignId: string | undefined, limit: number): Promise<ImportJobView[]> {
    const jobs = await this.db.getRepository(ImportJob).find({
      where: campaignId ? { campaignId } : {},
      order: { queuedAt: 'DESC' },
      take: limit,
    });
    return jobs.map(toImportJobView);
  }

  async rejections(id: string, afterLine: number, limit: number) {
    await this.get(id);
    const rows: Array<{ line: number; field: string | null; reason: string }> = await this.db.query(
      `SELECT line, field, reason FROM harvest.import_rejections WHERE import_id = $1 AND line > $2 ORDER BY line LIMIT $3`,
      [id, afterLine, limit],
    );
    return rows;
  }

  /** Resolves when the job has finished (completed or failed). */
  whenFinished(id: string): Promise<ImportJobView> {
    return new Promise((resolveJob) => {
      const list = this.waiters.get(id) ?? [];
      list.push(resolveJob);
      this.waiters.set(id, list);
      void this.get(id).then((job) => {
        if (job.status === 'completed' || job.status === 'failed') this.notify(job);
      });
    });
  }

  /**
   * Requeue jobs accepted earlier but not finished: queued ones, and running ones whose lease has lapsed (their
   * process died). A job another live replica is importing keeps a fresh lease and is left alone. Re-running
   * from the start is safe: merges are idempotent.
   */
  async resumeUnfinished(): Promise<number> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM harvest.import_jobs
       WHERE status = 'queued' OR (status = 'running' AND (lease_until IS NULL OR lease_until < now()))
       ORDER BY queued_at`,
    );
    for (const r of rows) this.enqueue(r.id);
    return rows.length;
  }

  /** Keep taking over jobs whose importer died (lease lapsed), not only at boot. */
  startLeaseSweeper(everyMs = 60_000): void {
    this.sweeper = setInterval(() => void this.resumeUnfinished().catch((err) => this.log.warn({ err: String(err) }, 'lease sweep failed')), everyMs);
    this.sweeper.unref();
  }

  /** A clean stop hands its unfinished jobs back at once instead of making others wait for the lease. */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    await this.db
      .query(`UPDATE harvest.import_jobs SET status = 'queued', lease_until = NULL WHERE claimed_by = $1 AND status = 'running'`, [this.owner])
      .catch(() => undefined);
  }

  private async insertJob(campaignId: string, origin: ImportOrigin, fileName: string) {
    const id = randomUUID();
    const dir = resolve(this.config.HARVEST_SPOOL_DIR);
    await mkdir(dir, { recursive: true });
    const spoolPath = join(dir, `${id}.csv`);
    await this.db.query(
      `INSERT INTO harvest.import_jobs (id, campaign_id, origin, file_name, spool_path, status) VALUES ($1, $2, $3, $4, $5, 'queued')`,
      [id, campaignId, origin, fileName, spoolPath],
    );
    return { id, spoolPath };
  }

  private enqueue(id: string): Promise<ImportJobView> {
    if (!this.queue.includes(id)) this.queue.push(id);
    void this.drain();
    return this.get(id);
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let id = this.queue.shift(); id; id = this.queue.shift()) {
        await this.run(id).catch((err) => this.log.error({ importId: id, err: String(err) }, 'import crashed'));
        this.notify(await this.get(id));
      }
    } finally {
      this.running = false;
    }
  }

  private notify(job: ImportJobView) {
    const list = this.waiters.get(job.id);
    if (!list) return;
    this.waiters.delete(job.id);
    for (const w of list) w(job);
  }

  private async run(id: string): Promise<void> {
    const job = await this.db.getRepository(ImportJob).findOneByOrFail({ id });
    if (job.status === 'completed' || job.status === 'failed') return;
    const spool = job.spoolPath!;
    const size = await stat(spool).then((s) => s.size).catch(() => null);
    if (size === null) {
      await this.finish(id, 'failed', 'the spooled file is missing; upload it again');
      return;
    }
    // Claim atomically: queued, or running under a lapsed lease. Another replica's live job is not ours.
    const claimed = affectedRows(await this.db.query(
      `UPDATE harvest.import_jobs SET status = 'running', claimed_by = $2, lease_until = now() + $4::interval,
         started_at = now(), bytes_total = $3, bytes_read = 0, total = 0, imported = 0, rejected = 0, created = 0,
         merged = 0, error = NULL
       WHERE id = $1 AND (status = 'queued' OR (status = 'running' AND (lease_until IS NULL OR lease_until < now())))`,
      [id, this.owner, size, LEASE],
    ));
    if (claimed !== 1) return;
    await this.db.query(`DELETE FROM harvest.import_rejections WHERE import_id = $1`, [id]);
    this.log.info({ importId: id, campaignId: job.campaignId, bytes: size }, 'import started');
    let bytesRead = 0;
    const file = createReadStream(spool, { highWaterMark: 256 * 1024 });
    const input = (async function* () {
      for await (const chunk of file) {
        bytesRead += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    })();
    try {
      const result = await withPgClient(this.db, (client) =>
        runCsvImport({
          client,
          importId: id,
          campaignId: job.campaignId,
          fileName: job.fileName,
          input,
          batchRows: this.config.HARVEST_IMPORT_BATCH_ROWS,
          seenAt: new Date(),
          onProgress: async (p) => {
            await client.query(
              `UPDATE harvest.import_jobs SET total = $2, imported = $3, rejected = $4, created = $5, merged = $6, bytes_read = $7,
                 lease_until = now() + $8::interval WHERE id = $1`,
              [id, p.total, p.imported, p.rejected, p.created, p.merged, bytesRead, LEASE],
            );
          },
        }),
      );
      await this.finish(id, 'completed', null);
      this.log.info({ importId: id, ...result }, 'import completed');
      await unlink(spool).catch(() => undefined);
    } catch (err) {
      file.destroy();
      const reason = err instanceof CsvFileError ? err.message : `import failed: ${(err as Error).message}`;
      await this.finish(id, 'failed', reason);
      this.log.warn({ importId: id, reason }, 'import failed');
    }
  }

  private async finish(id: string, status: 'completed' | 'failed', error: string | null) {
    await this.db.query(
      `UPDATE harvest.import_jobs SET status = $2, error = $3, finished_at = now(), lease_until = NULL,
         bytes_read = coalesce(bytes_total, bytes_read) WHERE id = $1`,
      [id, status, error],
    );
  }
}

/** TypeORM answers an UPDATE on PostgreSQL with [rows, affected count]. */
function affectedRows(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}

function safeFileName(name: string): string {
  const base = basename(name || 'upload.csv').replace(/[^\w.\- ]+/g, '_').slice(0, 200);
  if (!base || base === '.' || base === '..') throw new HarvestError('invalid_file_name', 'fileName is not a usable file name', [{ field: 'fileName', message: 'invalid' }]);
  return base;
}

function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > max) done(new HarvestError('payload_too_large', `the file is larger than the ${max}-byte import limit`));
      else done(null, chunk);
    },
  });
}

async function moveFile(from: string, to: string) {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await copyFile(from, to);
    await unlink(from);
  }
}

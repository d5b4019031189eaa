import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import type { LeadImportInput, LeadImportProgress, LeadImportReport } from '#libs/contracts';
import { CsvFileError, readLeadCsvHeader } from '#libs/lead-intake';
import type { Logger } from '#libs/logging';
import { HARVEST_CONFIG, type HarvestConfig } from '../harvest.config.js';
import { HARVEST_LOGGER } from '../harvest-logger.js';
import { withPgClient } from '../leads/pg-client.js';
import { runCsvImport, type ImportProgress } from './csv-import.runner.js';
import { ImportJob } from './import-job.entity.js';
import { removeSpooled } from './spool.js';

/** Thrown when another attempt of the same import has moved the job on; this attempt's batch is rolled back. */
export class ImportSupersededError extends Error {
  constructor(jobId: string) {
    super(`import ${jobId} was moved on by another attempt; this one stops`);
    this.name = 'ImportSupersededError';
  }
}

/** Imports at once per harvest process: each holds a pooled connection for its whole file. */
const CONCURRENT_IMPORTS = 2;

/**
 * The work of the `importLeadFile` activity. The job row is the truth about progress: each batch's leads,
 * rejections, counts and last line commit in one transaction, so an attempt that dies anywhere leaves the job
 * at a batch boundary, and the next attempt reads past the committed lines and carries on. The checkpoint
 * only moves from the line this attempt last committed: if another attempt has moved it, this one stops
 * rather than write a batch twice.
 */
@Injectable()
export class LeadFileImporter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(HARVEST_CONFIG) private readonly config: HarvestConfig,
    @Inject(HARVEST_LOGGER) private readonly log: Logger,
  ) {}

  async importFile(input: LeadImportInput, progress: (p: LeadImportProgress) => void, signal?: AbortSignal): Promise<LeadImportReport> {
    await this.turn(signal);
    try {
      return await this.run(input, progress, signal);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  /** Closes a job that will never finish and removes its file; a job already ended keeps its outcome. */
  async abandon(input: LeadImportInput, reason: string): Promise<LeadImportReport> {
    await this.db.query(
      `UPDATE harvest.import_jobs SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running')`,
      [input.jobId, reason],
    );
    const job = await this.job(input.jobId);
    if (!job) return missingJob(input.jobId);
    await this.dropSpool(job);
    this.log.warn({ importId: job.id, reason }, 'import abandoned');
    return report(job);
  }

  private async run(input: LeadImportInput, progress: (p: LeadImportProgress) => void, signal?: AbortSignal): Promise<LeadImportReport> {
    const found = await this.job(input.jobId);
    if (!found) return missingJob(input.jobId);
    let job = found;
    if (job.status === 'completed' || job.status === 'failed') {
      // A retry after the job ended but before its file was removed.
      await this.dropSpool(job);
      return report(job);
    }
    const size = job.spoolPath ? await stat(job.spoolPath).then((s) => s.size).catch(() => null) : null;
    if (size === null) return this.end(job, 'failed', 'the spooled file is missing; upload it again');

    job = await this.begin(job, size);
    try {
      await this.recordHeader(job);
    } catch (err) {
      if (!(err instanceof CsvFileError)) throw err;
      return this.end(job, 'failed', err.message);
    }
    const resumed = job.committedLine! > 0;
    this.log.info({ importId: job.id, campaignId: job.campaignId, bytes: size, afterLine: job.committedLine }, resumed ? 'import resumed' : 'import started');
    let committedLine = job.committedLine!;
    let bytesRead = 0;
    const file = createReadStream(job.spoolPath!, { highWaterMark: 256 * 1024 });
    const bytes = (async function* () {
      for await (const chunk of file) {
        bytesRead += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    })();
    try {
      const counts = await withPgClient(this.db, (client) =>
        runCsvImport({
          client,
          importId: job.id,
          campaignId: job.campaignId,
          fileName: job.fileName,
          input: bytes,
          batchRows: this.config.HARVEST_IMPORT_BATCH_ROWS,
          seenAt: new Date(),
          resume: { afterLine: committedLine, counts: countsOf(job) },
          signal,
          checkpoint: async (tx, p, lastLine) => {
            await checkpoint(tx, job.id, committedLine, lastLine, p, bytesRead);
            committedLine = lastLine;
          },
          onProgress: async (p) => progress({ committedLine, counts: p }),
        }),
      );
      this.log.info({ importId: job.id, ...counts }, 'import completed');
      return await this.end(job, 'completed', null);
    } catch (err) {
      if (!(err instanceof CsvFileError)) throw err;
      return this.end(job, 'failed', err.message);
    } finally {
      file.destroy();
    }
  }

  /**
   * Marks the job running. A job accepted by the previous import engine (no committed line) starts over from
   * the top, as that engine did: its counts were not kept atomically with its leads.
   */
  private async begin(job: ImportJob, size: number): Promise<ImportJob> {
    await this.db.transaction(async (m) => {
      if (job.committedLine === null) {
        await m.query(`DELETE FROM harvest.import_rejections WHERE import_id = $1`, [job.id]);
        await m.query(
          `UPDATE harvest.import_jobs SET committed_line = 0, total = 0, imported = 0, rejected = 0, created = 0, merged = 0, bytes_read = 0
           WHERE id = $1 AND committed_line IS NULL`,
          [job.id],
        );
      }
      await m.query(
        `UPDATE harvest.import_jobs SET status = 'running', started_at = coalesce(started_at, now()), bytes_total = $2, error = NULL
         WHERE id = $1 AND status IN ('queued', 'running')`,
        [job.id, size],
      );
    });
    return (await this.job(job.id))!;
  }

  /**
   * Reads the file's header alone, so the job shows its encoding and ignored columns from the start; a file
   * whose encoding is unclear or whose header is unusable fails here with the reader's reason.
   */
  private async recordHeader(job: ImportJob): Promise<void> {
    const file = createReadStream(job.spoolPath!, { highWaterMark: 64 * 1024 });
    try {
      const header = await readLeadCsvHeader(file);
      await this.db.query(`UPDATE harvest.import_jobs SET encoding = $2, ignored_columns = $3 WHERE id = $1`, [job.id, header.encoding, header.unknown]);
    } finally {
      file.destroy();
    }
  }

  private async end(job: ImportJob, status: 'completed' | 'failed', error: string | null): Promise<LeadImportReport> {
    await this.db.query(
      `UPDATE harvest.import_jobs SET status = $2, error = $3, finished_at = now(), bytes_read = coalesce(bytes_total, bytes_read)
       WHERE id = $1 AND status IN ('queued', 'running')`,
      [job.id, status, error],
    );
    if (status === 'failed') this.log.warn({ importId: job.id, reason: error }, 'import failed');
    const ended = (await this.job(job.id))!;
    await this.dropSpool(ended);
    return report(ended);
  }

  private async dropSpool(job: ImportJob): Promise<void> {
    if (!job.spoolPath) return;
    await removeSpooled(job.spoolPath);
    await this.db.query(`UPDATE harvest.import_jobs SET spool_path = NULL WHERE id = $1`, [job.id]);
  }

  private job(id: string): Promise<ImportJob | null> {
    return this.db.getRepository(ImportJob).findOneBy({ id });
  }

  /** Waits for a free import slot; a wait cancelled meanwhile gives up when its turn comes. */
  private async turn(signal?: AbortSignal): Promise<void> {
    while (this.running >= CONCURRENT_IMPORTS) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      if (signal?.aborted) {
        this.waiting.shift()?.(); // pass the free slot on
        signal.throwIfAborted();
      }
    }
    this.running++;
  }
}

/** Inside the batch's transaction: the batch counts and the job moves on only from where this attempt left it. */
async function checkpoint(tx: pg.PoolClient, jobId: string, fromLine: number, toLine: number, p: ImportProgress, bytesRead: number) {
  const { rowCount } = await tx.query(
    `UPDATE harvest.import_jobs SET committed_line = $3, total = $4, imported = $5, rejected = $6, created = $7, merged = $8, bytes_read = $9
     WHERE id = $1 AND committed_line = $2 AND status = 'running'`,
    [jobId, fromLine, toLine, p.total, p.imported, p.rejected, p.created, p.merged, bytesRead],
  );
  if (rowCount !== 1) throw new ImportSupersededError(jobId);
}

function countsOf(job: ImportJob): ImportProgress {
  return { total: job.total, imported: job.imported, rejected: job.rejected, created: job.created, merged: job.merged };
}

function report(job: ImportJob): LeadImportReport {
  return { jobId: job.id, status: job.status === 'completed' ? 'completed' : 'failed', counts: countsOf(job), error: job.error };
}

function missingJob(jobId: string): LeadImportReport {
  return { jobId, status: 'failed', counts: { total: 0, imported: 0, rejected: 0, created: 0, merged: 0 }, error: `no import job ${jobId}` };
}

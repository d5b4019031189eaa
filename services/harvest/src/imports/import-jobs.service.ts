import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import type { Logger } from '#libs/logging';
import { HARVEST_CONFIG, type HarvestConfig } from '../harvest.config.js';
import { HarvestError, assertCampaignId } from '../harvest-errors.js';
import { HARVEST_LOGGER } from '../harvest-logger.js';
import { ImportJob, toImportJobView, type ImportJobView, type ImportOrigin } from './import-job.entity.js';
import { ImportWorkflows } from './import-workflows.js';
import { byteLimit, moveFile, removeSpooled, safeFileName } from './spool.js';

/** A queued job whose file never finished spooling (its process died mid-upload) is dropped after this. */
const ABANDONED_UPLOAD = '1 hour';

/**
 * Import jobs: a file is first spooled to disk and recorded as a job, then its `leadImport` workflow is
 * started, which imports it through harvest's activity worker (see LeadFileImporter). The job row holds the
 * counts callers read; Temporal makes sure the job runs to its end.
 */
@Injectable()
export class ImportJobsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workflows: ImportWorkflows,
    @Inject(HARVEST_CONFIG) private readonly config: HarvestConfig,
    @Inject(HARVEST_LOGGER) private readonly log: Logger,
  ) {}

  async acceptUpload(campaignId: string, fileName: string, body: Readable): Promise<ImportJobView> {
    assertCampaignId(campaignId);
    const name = safeFileName(fileName);
    const job = await this.insertJob(campaignId, 'upload', name);
    try {
      await pipeline(body, byteLimit(this.config.HARVEST_IMPORT_MAX_BYTES), createWriteStream(job.spoolPath));
    } catch (err) {
      await this.forget(job);
      throw err;
    }
    return this.start(job);
  }

  /** Move a dropped file into the spool and start its import. */
  async acceptDroppedFile(campaignId: string, path: string): Promise<ImportJobView> {
    const job = await this.insertJob(campaignId, 'drop-folder', basename(path));
    try {
      await moveFile(path, job.spoolPath);
    } catch (err) {
      // Not ours after all (taken by another replica): no job without its file.
      await this.db.query(`DELETE FROM harvest.import_jobs WHERE id = $1`, [job.id]);
      throw err;
    }
    return this.start(job, path);
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

  /** Resolves when the job has finished (completed or failed), whichever harvest process ran it. */
  async whenFinished(id: string, pollMs = 500): Promise<ImportJobView> {
    for (;;) {
      const job = await this.get(id);
      if (job.status === 'completed' || job.status === 'failed') return job;
      await sleep(pollMs);
    }
  }

  /**
   * At boot: every job not yet ended gets its workflow. Jobs queued or running under the previous import engine
   * have none and are taken over; for the others the start is a no-op (the workflow id is the job's). A job
   * whose workflow has already closed without ending it (terminated from the Web UI) is closed as failed.
   */
  async takeOverUnfinished(): Promise<number> {
    const stale: Array<{ id: string; spool_path: string | null }> = await this.db.query(
      // A SELECT around the DELETE, so TypeORM answers with the rows rather than [rows, count].
      `WITH gone AS (
         DELETE FROM harvest.import_jobs WHERE status = 'queued' AND committed_line = 0 AND bytes_total IS NULL
           AND queued_at < now() - $1::interval RETURNING id, spool_path)
       SELECT id, spool_path FROM gone`,
      [ABANDONED_UPLOAD],
    );
    for (const s of stale) await removeSpooled(s.spool_path);
    if (stale.length) this.log.info({ dropped: stale.length }, 'dropped uploads that never finished spooling');

    // New-style jobs are started by whoever accepted them once the file is spooled (bytes_total is then set).
    const jobs: Array<{ id: string; campaign_id: string; file_name: string; spool_path: string | null }> = await this.db.query(
      `SELECT id, campaign_id, file_name, spool_path FROM harvest.import_jobs
       WHERE status IN ('queued', 'running') AND (committed_line IS NULL OR bytes_total IS NOT NULL)
       ORDER BY queued_at`,
    );
    for (const j of jobs) {
      const state = await this.workflows.start({ jobId: j.id, campaignId: j.campaign_id, fileName: j.file_name });
      if (state === 'closed') {
        await this.db.query(
          `UPDATE harvest.import_jobs SET status = 'failed', error = 'the import workflow ended without finishing the import', finished_at = now()
           WHERE id = $1 AND status IN ('queued', 'running')`,
          [j.id],
        );
        await removeSpooled(j.spool_path);
      }
    }
    return jobs.length;
  }

  private async insertJob(campaignId: string, origin: ImportOrigin, fileName: string) {
    const id = randomUUID();
    const dir = resolve(this.config.HARVEST_SPOOL_DIR);
    await mkdir(dir, { recursive: true });
    const spoolPath = join(dir, `${id}.csv`);
    await this.db.query(
      `INSERT INTO harvest.import_jobs (id, campaign_id, origin, file_name, spool_path, status, committed_line) VALUES ($1, $2, $3, $4, $5, 'queued', 0)`,
      [id, campaignId, origin, fileName, spoolPath],
    );
    return { id, campaignId, fileName, spoolPath };
  }

  /**
   * The file is safely spooled: record its size (which marks the job ready for a takeover) and start its
   * workflow. If Temporal cannot be reached the job is dropped (an uploaded file with it, a dropped file back to
   * its folder) and the caller told to try again, rather than keeping a file that nothing will import.
   */
  private async start(job: { id: string; campaignId: string; fileName: string; spoolPath: string }, droppedAt?: string): Promise<ImportJobView> {
    const size = (await stat(job.spoolPath)).size;
    await this.db.query(`UPDATE harvest.import_jobs SET bytes_total = $2 WHERE id = $1`, [job.id, size]);
    try {
      await this.workflows.start({ jobId: job.id, campaignId: job.campaignId, fileName: job.fileName });
    } catch (err) {
      this.log.warn({ importId: job.id, err: String(err) }, 'import workflow not started; file refused');
      // A dropped file goes back where it was found, for the next sweep.
      if (droppedAt) await moveFile(job.spoolPath, droppedAt).catch(() => undefined);
      await this.forget(job);
      throw new HarvestError('imports_unavailable', 'imports cannot be started right now (Temporal is unreachable); try again shortly');
    }
    this.log.info({ importId: job.id, campaignId: job.campaignId, bytes: size }, 'import accepted');
    return this.get(job.id);
  }

  private async forget(job: { id: string; spoolPath: string }) {
    await removeSpooled(job.spoolPath).catch(() => undefined);
    await this.db.query(`DELETE FROM harvest.import_jobs WHERE id = $1`, [job.id]);
  }
}

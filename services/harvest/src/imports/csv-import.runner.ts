import type pg from 'pg';
import { LeadBatchWriter } from '../leads/lead-batch-writer.js';
import type { ImportBatch, Rejection } from './csv-import-batches.js';
import { parseImportBatches } from './csv-import-thread.js';

export interface ImportProgress {
  total: number;
  imported: number;
  rejected: number;
  created: number;
  merged: number;
}

export interface CsvImportRun {
  client: pg.PoolClient;
  importId: string;
  campaignId: string;
  fileName: string;
  input: AsyncIterable<Buffer> | NodeJS.ReadableStream;
  batchRows: number;
  seenAt: Date;
  /** Called after each batch has committed, with the counts so far. */
  onProgress: (p: ImportProgress) => Promise<void>;
  /**
   * A resumed import: records on lines up to `afterLine` were committed by an earlier attempt, with `counts`.
   * They are read past (the reader needs the header and line numbers), not written again.
   */
  resume?: { afterLine: number; counts: ImportProgress };
  /** Runs inside each batch's transaction with the counts including the batch and the batch's last line. */
  checkpoint?: (client: pg.PoolClient, p: ImportProgress, lastLine: number) => Promise<void>;
  /** Checked before each batch: an aborted import stops between batches, never inside one. */
  signal?: AbortSignal;
}

/**
 * Streams a CSV into leads: parse, validate and encode (libs/lead-intake, in a worker thread: csv-import-thread.ts),
 * write accepted rows in batches, record every rejected line. Parsing of the next batches overlaps with writing
 * the current one; at most a few batches are held, so memory stays flat whatever the file size. Each batch
 * commits whole, with its rejections and checkpoint.
 */
export async function runCsvImport(run: CsvImportRun): Promise<ImportProgress> {
  const writer = new LeadBatchWriter(run.client);
  let progress: ImportProgress = run.resume ? { ...run.resume.counts } : { total: 0, imported: 0, rejected: 0, created: 0, merged: 0 };
  const origin = { source: 'csv' as const, campaignId: run.campaignId, seenAt: run.seenAt, importId: run.importId, sourceRef: run.fileName };

  const write = async (batch: ImportBatch) => {
    run.signal?.throwIfAborted();
    let next = progress;
    await writer.writeEncoded(batch.leads, origin, async (result) => {
      if (run.checkpoint) {
        // The batch commits together with the job's committed line, so a commit lost to a server crash (not
        // flushed yet) loses that line too, and the import resumes from an earlier one: nothing is lost or
        // counted twice, and the batch need not wait for its WAL flush. The job's completion is a normal
        // commit, which flushes every batch before it.
        await run.client.query('SET LOCAL synchronous_commit = off');
      }
      // May run twice (a batch retried through the merge path after a unique violation); only the
      // committed run's counts are kept.
      next = {
        total: progress.total + batch.imported + batch.rejections.length,
        imported: progress.imported + batch.imported,
        rejected: progress.rejected + batch.rejections.length,
        created: progress.created + result.created,
        merged: progress.merged + result.merged,
      };
      await recordRejections(run.client, run.importId, batch.rejections);
      await run.checkpoint?.(run.client, next, batch.lastLine);
    });
    progress = next;
    await run.onProgress({ ...progress });
  };

  const batches = parseImportBatches(run.input, { batchRows: run.batchRows, afterLine: run.resume?.afterLine ?? 0, seenAt: run.seenAt.toISOString() });
  for await (const batch of batches) {
    // The last batch may be empty (it only marks the end of the file); with a checkpoint there is nothing to record.
    if (batch.imported + batch.rejections.length === 0 && run.checkpoint) continue;
    await write(batch);
  }
  return progress;
}

async function recordRejections(client: pg.PoolClient, importId: string, rejected: Rejection[]): Promise<void> {
  if (rejected.length === 0) return;
  await client.query(
    `INSERT INTO harvest.import_rejections (import_id, line, field, reason)
     SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
    [importId, rejected.map((r) => r.line), rejected.map((r) => r.field ?? null), rejected.map((r) => r.reason.slice(0, 1000))],
  );
}

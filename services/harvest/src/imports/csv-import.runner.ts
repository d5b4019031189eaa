import type pg from 'pg';
import { readLeadCsv } from '../../../../libs/lead-intake/src/index.js';
import { LeadBatchWriter, type StagedLead } from '../leads/lead-batch-writer.js';

export interface ImportProgress {
  total: number;
  imported: number;
  rejected: number;
  created: number;
  merged: number;
}

interface Rejection {
  line: number;
  field?: string;
  reason: string;
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
 * Streams a CSV into leads: parse and validate (libs/lead-intake), stage accepted rows in batches, record every
 * rejected line. Parsing of the next batch overlaps with writing the previous one; at most one batch is in flight,
 * so memory stays flat whatever the file size. Each batch commits whole, with its rejections and checkpoint.
 */
export async function runCsvImport(run: CsvImportRun): Promise<ImportProgress> {
  const writer = new LeadBatchWriter(run.client);
  const afterLine = run.resume?.afterLine ?? 0;
  let progress: ImportProgress = run.resume ? { ...run.resume.counts } : { total: 0, imported: 0, rejected: 0, created: 0, merged: 0 };
  let rows: StagedLead[] = [];
  let rejections: Rejection[] = [];
  let lastLine = afterLine;
  let inFlight: Promise<void> = Promise.resolve();

  const flush = (batch: StagedLead[], rejected: Rejection[], batchLastLine: number) => {
    inFlight = inFlight.then(async () => {
      run.signal?.throwIfAborted();
      let next = progress;
      await writer.write(
        batch,
        { source: 'csv', campaignId: run.campaignId, seenAt: run.seenAt, importId: run.importId, sourceRef: run.fileName },
        async (result) => {
          // May run twice (a batch retried through the merge path after a unique violation); only the
          // committed run's counts are kept.
          next = {
            total: progress.total + batch.length + rejected.length,
            imported: progress.imported + batch.length,
            rejected: progress.rejected + rejected.length,
            created: progress.created + result.created,
            merged: progress.merged + result.merged,
          };
          await recordRejections(run.client, run.importId, rejected);
          await run.checkpoint?.(run.client, next, batchLastLine);
        },
      );
      progress = next;
      await run.onProgress({ ...progress });
    });
    // The failure is re-thrown where inFlight is next awaited; this only stops Node calling it unhandled meanwhile.
    inFlight.catch(() => undefined);
    return inFlight;
  };

  for await (const event of readLeadCsv(run.input)) {
    if (event.kind !== 'row' && event.kind !== 'rejected') continue;
    if (event.line <= afterLine) continue;
    if (event.kind === 'row') rows.push({ lead: event.lead, line: event.line });
    else rejections.push({ line: event.line, field: event.field, reason: event.reason });
    lastLine = event.line;
    if (rows.length + rejections.length >= run.batchRows) {
      await inFlight; // keep at most one batch in flight
      void flush(rows, rejections, lastLine);
      rows = [];
      rejections = [];
    }
  }
  if (rows.length + rejections.length > 0 || !run.checkpoint) await flush(rows, rejections, lastLine);
  await inFlight;
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

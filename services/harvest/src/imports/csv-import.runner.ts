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
  onProgress: (p: ImportProgress) => Promise<void>;
}

/**
 * Streams a CSV into leads: parse and validate (libs/lead-intake), stage accepted rows in batches, record every
 * rejected line. Parsing of the next batch overlaps with writing the previous one; at most one batch is in flight,
 * so memory stays flat whatever the file size. Each batch commits whole.
 */
export async function runCsvImport(run: CsvImportRun): Promise<ImportProgress> {
  const writer = new LeadBatchWriter(run.client);
  const progress: ImportProgress = { total: 0, imported: 0, rejected: 0, created: 0, merged: 0 };
  let rows: StagedLead[] = [];
  let rejections: Rejection[] = [];
  let inFlight: Promise<void> = Promise.resolve();

  const flush = (batch: StagedLead[], rejected: Rejection[]) => {
    inFlight = inFlight.then(async () => {
      const result = await writer.write(batch, {
        source: 'csv',
        campaignId: run.campaignId,
        seenAt: run.seenAt,
        importId: run.importId,
        sourceRef: run.fileName,
      });
      await recordRejections(run.client, run.importId, rejected);
      progress.imported += batch.length;
      progress.rejected += rejected.length;
      progress.total += batch.length + rejected.length;
      progress.created += result.created;
      progress.merged += result.merged;
      await run.onProgress({ ...progress });
    });
    // The failure is re-thrown where inFlight is next awaited; this only stops Node calling it unhandled meanwhile.
    inFlight.catch(() => undefined);
    return inFlight;
  };

  for await (const event of readLeadCsv(run.input)) {
    if (event.kind === 'row') rows.push({ lead: event.lead, line: event.line });
    else if (event.kind === 'rejected') rejections.push({ line: event.line, field: event.field, reason: event.reason });
    else continue;
    if (rows.length + rejections.length >= run.batchRows) {
      await inFlight; // keep at most one batch in flight
      void flush(rows, rejections);
      rows = [];
      rejections = [];
    }
  }
  await flush(rows, rejections);
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

import { readLeadCsv, type CsvInput } from '#libs/lead-intake';
import { collapseBatch } from '../leads/lead-batch-collapse.js';
import { encodeLead, type EncodedLead } from '../leads/lead-copy-row.js';
import type { StagedLead } from '../leads/lead-batch-writer.js';

export interface Rejection {
  line: number;
  field?: string;
  reason: string;
}

/** One batch of an import as the writer takes it: leads collapsed to one per email and COPY-encoded. */
export interface ImportBatch {
  leads: EncodedLead[];
  /** Accepted rows before collapsing (an import counts rows, not distinct emails). */
  imported: number;
  rejections: Rejection[];
  /** The last file line the batch covers. */
  lastLine: number;
}

export interface ImportBatchOptions {
  batchRows: number;
  /** Records on lines up to this one were committed by an earlier attempt: read past, not batched. */
  afterLine: number;
  /** ISO time the leads are seen at (collapsing merges duplicates as of this time). */
  seenAt: string;
}

/**
 * Parses, validates, collapses and encodes a lead CSV into batches of `batchRows` records (rows + rejections).
 * Everything an import does to its file before the database; it runs in a worker thread in the service (see
 * csv-import-thread.ts). The last batch may be empty: it carries the end of the file.
 */
export async function* importBatches(input: CsvInput, o: ImportBatchOptions): AsyncGenerator<ImportBatch> {
  let rows: StagedLead[] = [];
  let rejections: Rejection[] = [];
  let lastLine = o.afterLine;
  const batch = (): ImportBatch => ({
    leads: collapseBatch(rows, 'csv', o.seenAt).map((l) => encodeLead(l.lead, 'csv', l.line)),
    imported: rows.length,
    rejections,
    lastLine,
  });
  for await (const event of readLeadCsv(input)) {
    if (event.kind !== 'row' && event.kind !== 'rejected') continue;
    if (event.line <= o.afterLine) continue;
    if (event.kind === 'row') rows.push({ lead: event.lead, line: event.line });
    else rejections.push({ line: event.line, field: event.field, reason: event.reason });
    lastLine = event.line;
    if (rows.length + rejections.length >= o.batchRows) {
      yield batch();
      rows = [];
      rejections = [];
    }
  }
  yield batch();
}

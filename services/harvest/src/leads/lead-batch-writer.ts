import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { scalarLeadColumns } from './lead-columns.js';
import { createStageTableSql, mergeStagedLeadsSql, stageCopySql } from './lead-merge.sql.js';
import { v7 as uuidv7 } from 'uuid';
import type { LeadInput, LeadSource } from '../../../../libs/lead-intake/src/index.js';
import { collapseBatch } from './lead-batch-collapse.js';

export interface BatchOrigin {
  source: LeadSource;
  campaignId: string;
  seenAt: Date;
  importId?: string;
  requestId?: string;
  /** Free-form pointer into the source: file name, people-search page, form id. */
  sourceRef?: string;
}

export interface StagedLead {
  lead: LeadInput;
  line?: number;
}

export interface BatchResult {
  created: number;
  merged: number;
}

/**
 * Writes batches of validated leads with COPY into a per-connection temp table, then merges them in one
 * statement, all inside one transaction. Holds one pooled connection for its lifetime.
 */
export class LeadBatchWriter {
  private prepared = false;

  constructor(private readonly client: pg.PoolClient) {}

  async write(batch: readonly StagedLead[], origin: BatchOrigin): Promise<BatchResult> {
    if (batch.length === 0) return { created: 0, merged: 0 };
    const leads = collapseBatch(batch, origin.source, origin.seenAt.toISOString());
    if (!this.prepared) {
      await this.client.query(createStageTableSql);
      this.prepared = true;
    }
    await this.client.query('BEGIN');
    try {
      await pipeline(Readable.from(encodeCopyRows(leads, origin.source)), this.client.query(copyFrom(stageCopySql)));
      const { rows } = await this.client.query<BatchResult>(mergeStagedLeadsSql, [
        origin.source,
        origin.seenAt,
        origin.campaignId,
        origin.importId ?? null,
        origin.requestId ?? null,
        origin.sourceRef ?? null,
      ]);
      await this.client.query('COMMIT');
      return rows[0];
    } catch (err) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
}

/**
 * COPY text format: tab-separated, \N for null, backslash escapes for the four special characters. Ids are
 * UUIDv7 (time-ordered), so new leads append to the primary-key index instead of scattering across it.
 */
function* encodeCopyRows(batch: readonly StagedLead[], source: LeadSource): Generator<string> {
  let chunk = '';
  for (const { lead, line } of batch) {
    let row = `${uuidv7()}\t${line ?? '\\N'}\t${esc(lead.email)}`;
    let sources = '';
    for (const [field, column] of scalarLeadColumns) {
      const value = (lead as unknown as Record<string, unknown>)[field];
      row += '\t' + esc(value);
      if (value !== undefined && value !== null && value !== '') sources += `${sources ? ',' : ''}"${column}":"${source}"`;
    }
    row += '\t' + (lead.technologies && lead.technologies.length ? esc(lead.technologies.join('\x1f')) : '\\N');
    row += '\t' + esc(`{${sources}}`);
    chunk += row + '\n';
    if (chunk.length > 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function esc(value: unknown): string {
  if (value === undefined || value === null || value === '') return '\\N';
  const s = String(value);
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

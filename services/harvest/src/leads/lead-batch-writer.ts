import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { scalarLeadColumns } from './lead-columns.js';
import { createStageTableSql, mergeStagedLeadsSql, stageCopySql } from './lead-merge.sql.js';
import type { LeadInput, LeadSource } from '#libs/lead-intake';
import { collapseBatch } from './lead-batch-collapse.js';
import { copyField } from './copy-text.js';
import { EmailFilter } from './email-filter.js';
import { encodeLead, type EncodedLead } from './lead-copy-row.js';
import { LeadIdSource } from './lead-ids.js';

export type { EncodedLead } from './lead-copy-row.js';

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

const UNIQUE_VIOLATION = '23505';
const ids = new LeadIdSource();
const columns = scalarLeadColumns.map(([, c]) => c).join(', ');
const copyNewLeadsSql = `COPY harvest.leads (id, email, ${columns}, technologies, field_sources, created_at, updated_at) FROM STDIN`;
const copyNewProvenanceSql = `COPY harvest.lead_provenance (lead_id, source, first_seen_at, last_seen_at, import_id, line, request_id, source_ref) FROM STDIN`;
const copyNewMembershipSql = `COPY harvest.lead_campaigns (lead_id, campaign_id, first_seen_at) FROM STDIN`;

/**
 * Writes batches of validated leads in one transaction each. Holds one pooled connection for its lifetime.
 *
 * Two paths, because on a large import nearly every lead is new and a new lead needs no merge at all:
 * - leads whose email is not stored yet are COPYed straight into leads, provenance and membership;
 * - leads already stored are COPYed into a temp table and merged field by field by one statement.
 * If another writer stores one of the "new" emails between the lookup and the COPY, the unique index refuses the
 * COPY, and the whole batch is written again through the merge path, which handles every case.
 *
 * The lookup itself is skipped while it finds nothing but leads this writer stored: on a large import of new
 * leads it costs a round trip and an index probe per lead, and the only stored emails a later batch can meet
 * are then the writer's own, which it remembers (EmailFilter). After a batch whose lookup found a lead stored by
 * anyone else, or whose COPY met the unique index, every batch is looked up again; a re-import of the same file
 * therefore looks up every batch.
 */
export class LeadBatchWriter {
  private prepared = false;
  private readonly written = new EmailFilter();
  private lookUp = true;

  constructor(private readonly client: pg.PoolClient) {}

  /**
   * `alsoCommit` runs inside the batch's transaction, after its leads are written: what it writes (an import's
   * checkpoint) commits or rolls back together with them.
   */
  async write(batch: readonly StagedLead[], origin: BatchOrigin, alsoCommit?: (result: BatchResult) => Promise<void>): Promise<BatchResult> {
    const leads = batch.length ? collapseBatch(batch, origin.source, origin.seenAt.toISOString()).map((l) => encodeLead(l.lead, origin.source, l.line)) : [];
    return this.writeEncoded(leads, origin, alsoCommit);
  }

  /** As `write`, for leads already collapsed to one per email and encoded with `origin.source` (encodeLead). */
  async writeEncoded(leads: readonly EncodedLead[], origin: BatchOrigin, alsoCommit?: (result: BatchResult) => Promise<void>): Promise<BatchResult> {
    const withCheckpoint = async (result: BatchResult) => {
      if (alsoCommit) await alsoCommit(result);
      return result;
    };
    if (leads.length === 0) {
      const none = { created: 0, merged: 0 };
      return alsoCommit ? this.transaction(() => withCheckpoint(none)) : none;
    }
    if (!this.prepared) {
      await this.client.query(createStageTableSql);
      this.prepared = true;
    }
    const stored = this.lookUp ? await this.storedEmails(leads) : this.ownEmails(leads);
    if (this.lookUp) this.lookUp = [...stored].some((email) => !this.written.mayHave(email));
    // In email order, so the unique email index is written in runs rather than at random.
    const fresh = (stored.size === 0 ? [...leads] : leads.filter((l) => !stored.has(l.email))).sort(byEmail);
    const known = stored.size === 0 ? [] : leads.filter((l) => stored.has(l.email));
    let result: BatchResult;
    try {
      result = await this.transaction(async () => {
        const merged = known.length ? await this.merge(known, origin) : { created: 0, merged: 0 };
        if (fresh.length) await this.copyNew(fresh, origin);
        return withCheckpoint({ created: merged.created + fresh.length, merged: merged.merged });
      });
    } catch (err) {
      if ((err as { code?: string }).code !== UNIQUE_VIOLATION || fresh.length === 0) throw err;
      this.lookUp = true;
      result = await this.transaction(async () => withCheckpoint(await this.merge(leads, origin)));
    }
    for (const l of fresh) this.written.add(l.email);
    return result;
  }

  /** Without a lookup: the emails this writer may have stored (a false "may" only costs a merge). */
  private ownEmails(leads: readonly EncodedLead[]): Set<string> {
    const own = new Set<string>();
    for (const l of leads) if (this.written.mayHave(l.email)) own.add(l.email);
    return own;
  }

  private async storedEmails(leads: readonly EncodedLead[]): Promise<Set<string>> {
    const { rows } = await this.client.query<{ email: string }>(`SELECT email FROM harvest.leads WHERE email = ANY($1::text[])`, [
      leads.map((l) => l.email),
    ]);
    return new Set(rows.map((r) => r.email));
  }

  private async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.client.query('BEGIN');
    try {
      const result = await work();
      await this.client.query('COMMIT');
      return result;
    } catch (err) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  private async copy(sql: string, text: Iterable<string>): Promise<void> {
    await pipeline(Readable.from(text), this.client.query(copyFrom(sql)));
  }

  private async copyNew(leads: readonly EncodedLead[], origin: BatchOrigin): Promise<void> {
    const leadIds = ids.next(leads.length);
    const seenAt = origin.seenAt.toISOString();
    await this.copy(copyNewLeadsSql, chunked(leads, (l, i) => `${leadIds[i]}\t${l.fields}\t${seenAt}\t${seenAt}`));
    const importId = copyField(origin.importId);
    const after = `${copyField(origin.requestId)}\t${copyField(origin.sourceRef)}`;
    await this.copy(
      copyNewProvenanceSql,
      chunked(leads, (l, i) => `${leadIds[i]}\t${origin.source}\t${seenAt}\t${seenAt}\t${importId}\t${copyField(l.line)}\t${after}`),
    );
    const campaign = copyField(origin.campaignId);
    await this.copy(copyNewMembershipSql, chunked(leads, (_l, i) => `${leadIds[i]}\t${campaign}\t${seenAt}`));
  }

  private async merge(leads: readonly EncodedLead[], origin: BatchOrigin): Promise<BatchResult> {
    const leadIds = ids.next(leads.length);
    await this.copy(stageCopySql, chunked(leads, (l, i) => `${leadIds[i]}\t${copyField(l.line)}\t${l.fields}`));
    const { rows } = await this.client.query<BatchResult>(mergeStagedLeadsSql, [
      origin.source,
      origin.seenAt,
      origin.campaignId,
      origin.importId ?? null,
      origin.requestId ?? null,
      origin.sourceRef ?? null,
    ]);
    // The temp table is ON COMMIT DELETE ROWS, and each transaction merges at most once.
    return rows[0]!;
  }
}

function byEmail(a: EncodedLead, b: EncodedLead): number {
  return a.email < b.email ? -1 : a.email > b.email ? 1 : 0;
}

function* chunked<T>(items: readonly T[], line: (item: T, index: number) => string): Generator<string> {
  let chunk = '';
  for (let i = 0; i < items.length; i++) {
    chunk += line(items[i]!, i) + '\n';
    if (chunk.length > 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyField, copyTextArray } from '../../../services/harvest/src/leads/copy-text.js';
import { scalarLeadColumns } from '../../../services/harvest/src/leads/lead-columns.js';
import { LeadIdSource } from '../../../services/harvest/src/leads/lead-ids.js';
import { benchLead, type BenchLead } from './bench-leads.js';

export interface LoadResult {
  leads: number;
  /** Distinct email domains among the leads: the most DNS lookups qualification needs. */
  emailDomains: number;
  copyMs: number;
  vacuumMs: number;
}

const LEAD_COLUMNS = scalarLeadColumns.map(([, column]) => column);
const CHUNK = 5000;

/**
 * Writes the generated leads straight into harvest's tables, as a finished CSV import leaves them (same columns,
 * same COPY text encoding, same field_sources): leads, lead_campaigns and lead_provenance, each by COPY on its own
 * connection, fed chunk by chunk from one generator pass so every lead id is minted once and never kept.
 * Then VACUUM ANALYZE, so the stages meet tables with statistics and a visibility map, as autovacuum would leave
 * them after a real import.
 */
export async function loadLeads(databaseUrl: string, o: { campaignId: string; leads: number; domains: number; seed: number; onProgress?: (done: number) => void }): Promise<LoadResult> {
  const clients = [0, 1, 2].map(() => new pg.Client({ connectionString: databaseUrl, application_name: 'bench-stages-load' }));
  await Promise.all(clients.map((c) => c.connect()));
  try {
    const [leadsClient, campaignsClient, provenanceClient] = clients as [pg.Client, pg.Client, pg.Client];
    const started = performance.now();
    const streams = [
      leadsClient.query(copyFrom(`COPY harvest.leads (id, email, ${LEAD_COLUMNS.join(', ')}, technologies, field_sources, created_at, updated_at) FROM STDIN`)),
      campaignsClient.query(copyFrom(`COPY harvest.lead_campaigns (lead_id, campaign_id, first_seen_at) FROM STDIN`)),
      provenanceClient.query(copyFrom(`COPY harvest.lead_provenance (lead_id, source, first_seen_at, last_seen_at, import_id, line, request_id, source_ref) FROM STDIN`)),
    ];
    const ids = new LeadIdSource();
    const seenAt = new Date().toISOString();
    const importId = randomUUID();
    const campaign = copyField(o.campaignId);
    const domains = new Set<string>();
    for (let from = 0; from < o.leads; from += CHUNK) {
      const n = Math.min(CHUNK, o.leads - from);
      const leadIds = ids.next(n);
      let leads = '';
      let campaigns = '';
      let provenance = '';
      for (let j = 0; j < n; j++) {
        const i = from + j;
        const id = leadIds[j]!;
        const lead = benchLead(o.seed, i, o.domains);
        domains.add(lead.email.slice(lead.email.indexOf('@') + 1));
        leads += `${id}\t${encodeLead(lead)}\t${seenAt}\t${seenAt}\n`;
        campaigns += `${id}\t${campaign}\t${seenAt}\n`;
        // Line i + 2: the file's header is line 1.
        provenance += `${id}\tcsv\t${seenAt}\t${seenAt}\t${importId}\t${i + 2}\t\\N\tbench-stages.csv\n`;
      }
      await Promise.all([write(streams[0]!, leads), write(streams[1]!, campaigns), write(streams[2]!, provenance)]);
      o.onProgress?.(from + n);
    }
    for (const s of streams) s.end();
    await Promise.all(streams.map((s) => finished(s)));
    const copyMs = performance.now() - started;
    const vacuumStarted = performance.now();
    await leadsClient.query('VACUUM (ANALYZE) harvest.leads, harvest.lead_campaigns, harvest.lead_provenance');
    return { leads: streams[0]!.rowCount, emailDomains: domains.size, copyMs, vacuumMs: performance.now() - vacuumStarted };
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/** email, the scalar columns in lead-columns.ts order, technologies, field_sources: as harvest's batch writer encodes them. */
function encodeLead(lead: BenchLead): string {
  let row = copyField(lead.email);
  let sources = '';
  for (const [field, column] of scalarLeadColumns) {
    const value = lead[field];
    row += '\t' + copyField(value);
    if (value !== null && value !== '') sources += `${sources ? ',' : ''}"${column}":"csv"`;
  }
  return row + '\t' + copyTextArray(lead.technologies) + '\t' + copyField(`{${sources}}`);
}

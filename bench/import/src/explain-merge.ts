import { createReadStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { runCsvImport } from '../../../services/harvest/src/imports/csv-import.runner.js';
import { mergeStagedLeadsSql } from '../../../services/harvest/src/leads/lead-merge.sql.js';

/**
 * Diagnostics (--explain): imports a small CSV through the real runner on a client that turns the merge statement
 * into EXPLAIN (ANALYZE, BUFFERS) and keeps the plan text. The statement still runs, so its effects are real.
 */
export async function explainMerge(pool: pg.Pool, csvPath: string, batchRows: number): Promise<string[]> {
  const plans: string[] = [];
  const importId = randomUUID();
  await pool.query(
    `INSERT INTO harvest.import_jobs (id, campaign_id, origin, file_name, status) VALUES ($1, 'bench-explain', 'upload', 'explain.csv', 'running')`,
    [importId],
  );
  const raw = await pool.connect();
  try {
    const client = new Proxy(raw, {
      get(target, prop) {
        if (prop === 'query') {
          // Not an async function: a COPY stream passed in must come back as itself, synchronously.
          return (...args: unknown[]) => {
            const first = args[0];
            if (first === mergeStagedLeadsSql) {
              return target.query<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS, TIMING) ${first}`, args[1] as unknown[]).then((result) => {
                plans.push(result.rows.map((r) => r['QUERY PLAN']).join('\n'));
                return { rows: [{ created: 0, merged: 0 }] };
              });
            }
            return (target.query as (...a: unknown[]) => unknown)(...args);
          };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    await runCsvImport({
      client,
      importId,
      campaignId: 'bench-explain',
      fileName: 'explain.csv',
      input: createReadStream(csvPath),
      batchRows,
      seenAt: new Date(),
      onProgress: async () => undefined,
    });
  } finally {
    raw.release();
  }
  return plans;
}

import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/** The tables one import writes per lead; the baseline loads the same rows into copies of them. */
const LEAD_TABLES = ['leads', 'lead_provenance', 'lead_campaigns'] as const;
const SHAPE_SCHEMA = 'bench_same_shape';

export interface SameShapeRun {
  ms: number;
  perTable: Array<{ table: string; ms: number; rows: number }>;
}

/**
 * The fairest ceiling for the import: `COPY` of exactly the rows the import produced into tables of the same shape
 * (columns, defaults, constraints and indexes: `LIKE … INCLUDING ALL`), on the same server. The import also parses,
 * validates, de-duplicates and merges; this measures only what storing its result costs.
 * Call after an import run: the rows are dumped from harvest's tables first.
 */
export async function runSameShapeBaseline(pool: pg.Pool, workDir: string): Promise<SameShapeRun> {
  const client = await pool.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${SHAPE_SCHEMA} CASCADE`);
    await client.query(`CREATE SCHEMA ${SHAPE_SCHEMA}`);
    for (const table of LEAD_TABLES) {
      await client.query(`CREATE TABLE ${SHAPE_SCHEMA}.${table} (LIKE harvest.${table} INCLUDING ALL)`);
      await pipeline(client.query(copyTo(`COPY harvest.${table} TO STDOUT`)), createWriteStream(dumpPath(workDir, table)));
    }
    await client.query('CHECKPOINT');
    const perTable: SameShapeRun['perTable'] = [];
    const started = performance.now();
    for (const table of LEAD_TABLES) {
      const t0 = performance.now();
      const stream = client.query(copyFrom(`COPY ${SHAPE_SCHEMA}.${table} FROM STDIN`));
      await pipeline(createReadStream(dumpPath(workDir, table), { highWaterMark: 256 * 1024 }), stream);
      perTable.push({ table, ms: performance.now() - t0, rows: stream.rowCount });
    }
    const ms = performance.now() - started;
    await client.query(`DROP SCHEMA ${SHAPE_SCHEMA} CASCADE`);
    return { ms, perTable };
  } finally {
    client.release();
  }
}

function dumpPath(workDir: string, table: string): string {
  return join(workDir, `same-shape-${table}.copy`);
}

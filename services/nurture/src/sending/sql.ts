import type { DataSource, QueryRunner } from 'typeorm';

/** Rows of any statement (SELECT, or INSERT/UPDATE … RETURNING). */
export async function rows<T>(q: QueryRunner | DataSource, sql: string, params: unknown[] = []): Promise<T[]> {
  const runner = 'createQueryRunner' in q ? q.createQueryRunner() : q;
  try {
    return (await runner.query(sql, params, true)).records as T[];
  } finally {
    if (runner !== q) await runner.release();
  }
}

/** Everything in `fn` commits together or not at all. */
export async function inTransaction<T>(db: DataSource, fn: (q: QueryRunner) => Promise<T>): Promise<T> {
  const q = db.createQueryRunner();
  try {
    await q.startTransaction();
    try {
      const out = await fn(q);
      await q.commitTransaction();
      return out;
    } catch (err) {
      if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
      throw err;
    }
  } finally {
    await q.release();
  }
}

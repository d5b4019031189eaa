import type { DataSource, QueryRunner } from 'typeorm';

/** Rows of any statement (SELECT, or INSERT/UPDATE … RETURNING), the same shape whatever the command. */
export async function queryRows<T>(runner: QueryRunner, sql: string, params: unknown[]): Promise<T[]> {
  return (await runner.query(sql, params, true)).records as T[];
}

/** One pooled connection for a few statements outside a transaction. */
export async function withRunner<T>(db: DataSource, fn: (q: QueryRunner) => Promise<T>): Promise<T> {
  const q = db.createQueryRunner();
  try {
    return await fn(q);
  } finally {
    await q.release();
  }
}

/** Everything in `fn` commits together or not at all. */
export async function inTransaction<T>(db: DataSource, fn: (q: QueryRunner) => Promise<T>): Promise<T> {
  return withRunner(db, async (q) => {
    await q.startTransaction();
    try {
      const out = await fn(q);
      await q.commitTransaction();
      return out;
    } catch (err) {
      if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
      throw err;
    }
  });
}

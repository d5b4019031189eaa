import type { DataSource, EntityManager } from 'typeorm';

/** The rows a statement returned. TypeORM answers UPDATE and DELETE with [rows, affected count], any other command with the rows. */
export function rowsOf<T>(raw: unknown): T[] {
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') return raw[0] as T[];
  return raw as T[];
}

/** Runs a statement and answers its rows whatever its command (UPDATE … RETURNING included). */
export async function queryRows<T>(db: DataSource | EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  return rowsOf<T>(await db.query(sql, params));
}

import type pg from 'pg';
import type { DataSource } from 'typeorm';

/** Borrow a raw pooled pg connection from TypeORM for COPY and multi-statement transactions. */
export async function withPgClient<T>(dataSource: DataSource, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const driver = dataSource.driver as unknown as { obtainMasterConnection(): Promise<[pg.PoolClient, (err?: unknown) => void]> };
  const [client, release] = await driver.obtainMasterConnection();
  try {
    return await fn(client);
  } finally {
    release();
  }
}

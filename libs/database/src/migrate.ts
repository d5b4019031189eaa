import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';

/**
 * Apply a service's migrations to its own schema. Several replicas of one service may boot together, so the
 * work runs under a session advisory lock keyed by the schema name: the first applies, the rest wait and find
 * nothing left to do.
 */
export async function migrateServiceSchema(options: DataSourceOptions & { url: string; schema: string }): Promise<string[]> {
  const lockClient = new pg.Client({ connectionString: options.url, application_name: `${options.schema}-migrate` });
  await lockClient.connect();
  try {
    await lockClient.query('SELECT pg_advisory_lock(hashtext($1))', [`aicmo:migrate:${options.schema}`]);
    // The migrations table lives inside the schema, so the schema must exist before TypeORM looks for it.
    await lockClient.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(options.schema)}`);
    const dataSource = new DataSource({ ...options, logging: false });
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lockClient.query('SELECT pg_advisory_unlock(hashtext($1))', [`aicmo:migrate:${options.schema}`]).catch(() => undefined);
    await lockClient.end();
  }
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe SQL identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

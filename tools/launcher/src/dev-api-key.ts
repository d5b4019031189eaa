import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { ApiKeyStore } from '#libs/api-keys';

/**
 * The development API key: an admin key made on the first start and kept in <dataDir>/dev-api-key (mode 0600) so
 * later starts can print it again; the database keeps only its hash. A key that was revoked, or a database that
 * was reset, gets a new one. Call after the API service has migrated its schema.
 */
export async function ensureDevApiKey(databaseUrl: string, dataDir: string): Promise<{ key: string; created: boolean }> {
  const file = join(dataDir, 'dev-api-key');
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'launcher-dev-key' });
  await client.connect();
  try {
    const store = new ApiKeyStore(async (text, params) => (await client.query(text, params)).rows);
    if (existsSync(file)) {
      const kept = (await readFile(file, 'utf8')).trim();
      if ((await store.check(kept)).ok) return { key: kept, created: false };
    }
    const { key } = await store.create('development (npm start)', 'admin');
    await writeFile(file, key + '\n', { mode: 0o600 });
    await chmod(file, 0o600);
    return { key, created: true };
  } finally {
    await client.end();
  }
}

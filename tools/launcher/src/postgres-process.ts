import { fork } from 'node:child_process';
import { distEntry, repoRoot } from './paths.js';
import { assertPortFree, ComponentStartError } from './ports.js';
import type { RunningPostgres } from './embedded-postgres.js';

type RunnerMessage = { kind: 'ready'; url: string } | { kind: 'failed'; message: string } | { kind: 'log'; line: string };

/** Start postgres-runner.ts detached and wait until it reports the server ready. */
export async function startPostgresProcess(opts: { dataDir: string; port: number; log: (line: string) => void }): Promise<RunningPostgres> {
  await assertPortFree('postgres', opts.port);
  const child = fork(distEntry(repoRoot(), 'tools/launcher/src/postgres-runner.js'), [opts.dataDir, String(opts.port)], {
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  child.on('message', (m: RunnerMessage) => m.kind === 'log' && opts.log(m.line));
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (m: RunnerMessage) => {
      if (m.kind === 'ready') resolve(m.url);
      if (m.kind === 'failed') reject(new ComponentStartError('postgres', m.message));
    });
    child.once('exit', (code) => reject(new ComponentStartError('postgres', `the PostgreSQL runner exited with code ${code} before the server was ready`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.send({ kind: 'stop' });
      }),
  };
}

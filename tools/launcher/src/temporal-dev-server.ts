import { Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { assertPortFree, ComponentStartError, waitFor } from './ports.js';
import { ensureSearchAttributes } from '#libs/temporal';

export interface RunningTemporal {
  address: string;
  uiUrl: string | null;
  stop(): Promise<void>;
}

/** `temporal server start-dev`: SQLite under dbFile (kept across restarts) or in memory when dbFile is omitted. */
export async function startTemporalDevServer(opts: {
  binary: string;
  port: number;
  uiPort: number | null;
  dbFile?: string;
  namespace: string;
  log: (line: string) => void;
}): Promise<RunningTemporal> {
  await assertPortFree('temporal', opts.port);
  if (opts.uiPort) await assertPortFree('temporal web ui', opts.uiPort);
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--namespace', opts.namespace, '--log-format', 'json', '--log-level', 'warn'];
  if (opts.dbFile) args.push('--db-filename', opts.dbFile);
  if (opts.uiPort) args.push('--ui-port', String(opts.uiPort), '--ui-ip', '127.0.0.1');
  else args.push('--headless');
  const child = spawn(opts.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let exited: string | null = null;
  child.on('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));
  child.stdout!.on('data', (b: Buffer) => opts.log(b.toString().trimEnd()));
  child.stderr!.on('data', (b: Buffer) => opts.log(b.toString().trimEnd()));

  const address = `127.0.0.1:${opts.port}`;
  try {
    const connection = await waitFor(
      `the Temporal server answering on ${address}`,
      async () => {
        if (exited) throw new ComponentStartError('temporal', `the dev server ${exited}; see its log`);
        const c = await Connection.connect({ address, connectTimeout: '1s' });
        await c.workflowService.getSystemInfo({});
        return c;
      },
      60_000,
      'temporal',
    );
    await waitFor('the default namespace', async () => (await connection.workflowService.describeNamespace({ namespace: opts.namespace })) && true, 30_000, 'temporal');
    await ensureSearchAttributes(connection, opts.namespace);
    await connection.close();
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return { address, uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : null, stop: () => stopChild(child) };
}

export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

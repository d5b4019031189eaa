import { fork, type ChildProcess } from 'node:child_process';
import { ComponentStartError, waitFor } from './ports.js';
import { stopChild } from './temporal-dev-server.js';

export interface RunningService {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * One project process (a service or the worker) as a child with an IPC channel (so it exits if we die),
 * considered started once its health URL answers 200.
 */
export async function startNodeService(opts: {
  name: string;
  entry: string;
  env: NodeJS.ProcessEnv;
  healthUrl: string;
  log: (line: string) => void;
  timeoutMs?: number;
  onUnexpectedExit?: (name: string, code: number | null) => void;
}): Promise<RunningService> {
  const child = fork(opts.entry, [], { env: opts.env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let stopping = false;
  let exitCode: number | null | undefined;
  const tail: string[] = [];
  const onLine = (b: Buffer) => {
    for (const line of b.toString().split('\n')) {
      if (!line) continue;
      tail.push(line);
      if (tail.length > 20) tail.shift();
      opts.log(line);
    }
  };
  child.stdout!.on('data', onLine);
  child.stderr!.on('data', onLine);
  child.on('exit', (code) => {
    exitCode = code;
    if (!stopping) opts.onUnexpectedExit?.(opts.name, code);
  });
  try {
    await waitFor(
      `${opts.healthUrl} answering 200`,
      async () => {
        if (exitCode !== undefined) {
          throw new ComponentStartError(opts.name, `exited with code ${exitCode} while starting:\n${tail.join('\n')}`);
        }
        const res = await fetch(opts.healthUrl);
        return res.ok ? true : undefined;
      },
      opts.timeoutMs ?? 90_000,
      opts.name,
    );
  } catch (err) {
    stopping = true;
    await stopChild(child);
    if (err instanceof ComponentStartError && exitCode !== undefined) {
      throw new ComponentStartError(opts.name, `exited with code ${exitCode} while starting:\n${tail.join('\n')}`);
    }
    throw err;
  }
  return {
    name: opts.name,
    child,
    stop: async () => {
      stopping = true;
      await stopChild(child, 20_000);
    },
  };
}

import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ComponentStartError, waitFor } from './ports.js';
import { stopChild } from './temporal-dev-server.js';

export interface RunningService {
  name: string;
  /** The current process; a new one after a crash restart. */
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Restart delays after a crash: 1 s, doubling up to 30 s; a process that stayed up a minute starts again at 1 s. */
export const RESTART_BACKOFF = { firstMs: 1_000, maxMs: 30_000, stableMs: 60_000 } as const;

export function nextRestartDelay(previousMs: number | null, upForMs: number): number {
  if (previousMs === null || upForMs >= RESTART_BACKOFF.stableMs) return RESTART_BACKOFF.firstMs;
  return Math.min(previousMs * 2, RESTART_BACKOFF.maxMs);
}

/**
 * One project process (a service or the worker) as a child with an IPC channel (so it exits if we die),
 * considered started once its health URL answers 200. If it later dies on its own (a crash, a kill, anything
 * but a clean exit 0), it is started again after a backoff while the rest of the stack keeps running.
 */
export async function startNodeService(opts: {
  name: string;
  entry: string;
  env: NodeJS.ProcessEnv;
  healthUrl: string;
  log: (line: string) => void;
  timeoutMs?: number;
  /** Told of every exit nobody asked for, with the delay before the restart (null: no restart). */
  onUnexpectedExit?: (name: string, code: number | null, restartInMs: number | null) => void;
  /** Written with the current process id, so tests and operators can find the process. */
  pidFile?: string;
}): Promise<RunningService> {
  let stopping = false;
  let child!: ChildProcess;
  let exitCode: number | null | undefined;
  let restartDelay: number | null = null;
  let restartTimer: NodeJS.Timeout | undefined;
  const tail: string[] = [];
  const onLine = (b: Buffer) => {
    for (const line of b.toString().split('\n')) {
      if (!line) continue;
      tail.push(line);
      if (tail.length > 20) tail.shift();
      opts.log(line);
    }
  };

  const spawn = () => {
    exitCode = undefined;
    const startedAt = Date.now();
    child = fork(opts.entry, [], { env: opts.env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    if (opts.pidFile && child.pid) void writePid(opts.pidFile, child.pid);
    child.stdout!.on('data', onLine);
    child.stderr!.on('data', onLine);
    child.on('exit', (code, signal) => {
      exitCode = code;
      if (stopping) return;
      const crashed = code !== 0 || signal !== null;
      if (!crashed || !started) {
        opts.onUnexpectedExit?.(opts.name, code, null);
        return;
      }
      restartDelay = nextRestartDelay(restartDelay, Date.now() - startedAt);
      opts.log(`exited unexpectedly (${signal ?? `code ${code}`}); restarting in ${restartDelay} ms`);
      opts.onUnexpectedExit?.(opts.name, code, restartDelay);
      restartTimer = setTimeout(() => {
        if (!stopping) spawn();
      }, restartDelay);
    });
  };

  let started = false;
  spawn();
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
  started = true;
  return {
    name: opts.name,
    get child() {
      return child;
    },
    stop: async () => {
      stopping = true;
      clearTimeout(restartTimer);
      await stopChild(child, 20_000);
      if (opts.pidFile) await rm(opts.pidFile, { force: true });
    },
  };
}

async function writePid(file: string, pid: number): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${pid}\n`);
}

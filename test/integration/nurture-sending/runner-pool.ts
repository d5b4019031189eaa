import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SendStepOutcome } from '#libs/contracts';
import type { ParentToRunner, RunnerJob, RunnerToParent } from '../../../tools/send-runner/src/main.js';

/** The compiled runner (npm run build puts tools/ into dist/). */
const RUNNER = fileURLToPath(new URL('../../../dist/tools/send-runner/src/main.js', import.meta.url));

export interface StepResult {
  enrolmentId: string;
  step: number;
  outcome: SendStepOutcome;
  attempts: number;
}

export interface PoolReport {
  results: StepResult[];
  /** Runner processes that died by SIGKILL (the chaos crash points) and were replaced. */
  kills: number;
  /** The crash points they died at, as the runners named them. */
  killsByPoint: Record<string, number>;
  /** Jobs handed out again after their runner died. */
  requeued: number;
}

export interface PoolOptions {
  runners: number;
  jobs: RunnerJob[];
  env: NodeJS.ProcessEnv;
  /** A deferral due within this many ms is waited out by the runner; a later one ends the job. */
  deferWithinMs: number;
  /** Jobs that follow a finished one (the next step of the sequence). */
  next?: (done: StepResult) => RunnerJob[];
  /** Give up (throw) after this many runner deaths. */
  maxDeaths?: number;
}

/**
 * Several sender processes pulling jobs from one queue, as workers pull activity tasks: a runner that dies
 * (SIGKILL at a crash point) loses its job to the next runner, the way Temporal retries an activity elsewhere.
 */
export function runSenderPool(o: PoolOptions): Promise<PoolReport> {
  const queue = [...o.jobs];
  const results: StepResult[] = [];
  const inFlight = new Map<ChildProcess, RunnerJob>();
  const idle = new Set<ChildProcess>();
  const all = new Set<ChildProcess>();
  let kills = 0;
  const killsByPoint: Record<string, number> = {};
  let deaths = 0;
  let requeued = 0;
  let finished = false;

  return new Promise<PoolReport>((resolve, reject) => {
    const fail = (err: Error) => {
      if (finished) return;
      finished = true;
      for (const c of all) c.kill('SIGKILL');
      reject(err);
    };
    const dispatch = () => {
      for (const child of [...idle]) {
        const job = queue.shift();
        if (!job) break;
        idle.delete(child);
        inFlight.set(child, job);
        child.send({ job, deferWithinMs: o.deferWithinMs } satisfies ParentToRunner);
      }
      if (queue.length === 0 && inFlight.size === 0 && !finished) {
        finished = true;
        for (const c of all) if (c.connected) c.send({ done: true } satisfies ParentToRunner);
        resolve({ results, kills, killsByPoint, requeued });
      }
    };
    const spawn = () => {
      const child = fork(RUNNER, [], { env: o.env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      all.add(child);
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => {
        const text = d.toString();
        for (const m of text.matchAll(/crash-point:([a-z-]+)/g)) killsByPoint[m[1]!] = (killsByPoint[m[1]!] ?? 0) + 1;
        stderr = (stderr + text).slice(-4000);
      });
      child.on('message', (m: RunnerToParent) => {
        if ('ready' in m) idle.add(child);
        else {
          inFlight.delete(child);
          results.push(m.result);
          queue.push(...(o.next?.(m.result) ?? []));
          idle.add(child);
        }
        dispatch();
      });
      child.on('exit', (code, signal) => {
        all.delete(child);
        idle.delete(child);
        if (finished) return;
        const lost = inFlight.get(child);
        inFlight.delete(child);
        if (signal === 'SIGKILL') kills++;
        else return fail(new Error(`send runner exited (code ${code}, signal ${signal}): ${stderr}`));
        if (++deaths > (o.maxDeaths ?? 10_000)) return fail(new Error(`more than ${o.maxDeaths} runner deaths`));
        if (lost) {
          queue.unshift(lost);
          requeued++;
        }
        spawn();
        dispatch();
      });
    };
    for (let i = 0; i < o.runners; i++) spawn();
  });
}

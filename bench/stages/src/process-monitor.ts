import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time and memory of the stack's processes, read from /proc (Linux only; elsewhere it reports nothing).
 * Every process below this one is found through its parent pid and named by component: each service by its
 * dist entry, `postgres` for the server and its backends, `temporal` for the dev server. Samples are cumulative
 * CPU ticks per pid, so the CPU a component spent between two instants is a difference of two samples.
 */

interface ProcSample {
  component: string;
  ticks: number;
  rssBytes: number;
}

interface Snapshot {
  at: number;
  procs: Map<number, ProcSample>;
}

const PAGE = 4096;
const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function readStat(pid: number): { ppid: number; comm: string; ticks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may hold spaces; the fields after it are space separated.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const f = stat.slice(close + 2).split(' ');
    return { ppid: Number(f[1]), comm, ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return undefined;
  }
}

function componentOf(pid: number, comm: string, parent: string | undefined): string {
  if (parent === 'postgres' || comm.startsWith('postgres')) return 'postgres';
  if (comm === 'temporal') return 'temporal';
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    /* gone */
  }
  const service = /dist\/services\/([a-z-]+)\/src\/main\.js/.exec(cmdline);
  if (service) return service[1]!;
  if (cmdline.includes('dist/workflows/src/main.js')) return 'workflow-worker';
  if (cmdline.includes('postgres-runner.js')) return 'postgres-runner';
  return parent ?? comm;
}

function rssOf(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE;
  } catch {
    return 0;
  }
}

export class ProcessMonitor {
  private readonly snapshots: Snapshot[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly names = new Map<number, string>();
  /** Highest RSS seen per component's largest process (PostgreSQL's shared memory makes a sum meaningless). */
  readonly peakRss = new Map<string, number>();

  start(intervalMs = 1000): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
  }

  sample(): void {
    let entries: string[];
    try {
      entries = readdirSync('/proc');
    } catch {
      return;
    }
    const stats = new Map<number, { ppid: number; comm: string; ticks: number }>();
    for (const e of entries) {
      const pid = Number(e);
      if (!Number.isInteger(pid)) continue;
      const s = readStat(pid);
      if (s) stats.set(pid, s);
    }
    // Descendants of this process, parents before children.
    const procs = new Map<number, ProcSample>();
    const queue = [process.pid];
    while (queue.length > 0) {
      const parent = queue.shift()!;
      for (const [pid, s] of stats) {
        if (s.ppid !== parent) continue;
        queue.push(pid);
        let name = this.names.get(pid);
        if (!name) {
          name = componentOf(pid, s.comm, parent === process.pid ? undefined : procs.get(parent)?.component);
          this.names.set(pid, name);
        }
        const rssBytes = rssOf(pid);
        procs.set(pid, { component: name, ticks: s.ticks, rssBytes });
        if (rssBytes > (this.peakRss.get(name) ?? 0)) this.peakRss.set(name, rssBytes);
      }
    }
    this.snapshots.push({ at: Date.now(), procs });
  }

  /** CPU seconds per component between two wall-clock instants (nearest samples; a process born in between counts whole). */
  cpuBetween(fromMs: number, toMs: number): Map<string, number> {
    const out = new Map<string, number>();
    if (this.snapshots.length === 0) return out;
    const nearest = (t: number) => this.snapshots.reduce((a, b) => (Math.abs(b.at - t) < Math.abs(a.at - t) ? b : a));
    const a = nearest(fromMs);
    const b = nearest(toMs);
    for (const [pid, p] of b.procs) {
      const before = a.procs.get(pid)?.ticks ?? 0;
      out.set(p.component, (out.get(p.component) ?? 0) + Math.max(0, p.ticks - before) / ticksPerSecond);
    }
    return out;
  }

  /** VmHWM (peak resident set over the process's life) of each component's processes now, largest per component. */
  highWaterMarks(): Map<string, number> {
    const out = new Map<string, number>();
    const last = this.snapshots[this.snapshots.length - 1];
    if (!last) return out;
    for (const [pid, p] of last.procs) {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (m) out.set(p.component, Math.max(out.get(p.component) ?? 0, Number(m[1]) * 1024));
      } catch {
        /* gone */
      }
    }
    return out;
  }
}

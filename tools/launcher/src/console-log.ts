import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

const levels: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const quiet = new Set(['postgres', 'temporal']);

/**
 * Every component's output goes to .data/logs/<component>.log; the terminal gets one readable line per event
 * from our own processes (and warnings from PostgreSQL and Temporal).
 */
export function launcherLog(logDir: string, verbose: boolean) {
  mkdirSync(logDir, { recursive: true });
  const files = new Map<string, WriteStream>();
  const file = (component: string) => {
    let f = files.get(component);
    if (!f) {
      f = createWriteStream(join(logDir, `${component}.log`), { flags: 'a' });
      files.set(component, f);
    }
    return f;
  };
  const silenced = new Set<string>();
  const log = (component: string, line: string) => {
    file(component).write(line + '\n');
    if (silenced.has(component)) return;
    const pretty = prettify(line);
    if (quiet.has(component) && !verbose && !/\b(warn|error|fatal|FATAL|ERROR|PANIC)\b/.test(line) && !line.includes('building') && !line.includes('…')) return;
    const time = new Date().toISOString().slice(11, 19);
    process.stdout.write(`${time} ${component.padEnd(16)} ${pretty}\n`);
  };
  const logFileOnly = (component: string, line: string) => void file(component).write(line + '\n');
  const close = () => Promise.all([...files.values()].map((f) => new Promise((r) => f.end(r))));
  /** Keep a component's lines in its file only (Temporal warns about every closed connection while stopping). */
  const silence = (component: string) => void silenced.add(component);
  return { log, logFileOnly, silence, close };
}

function prettify(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const { level, msg, time, pid, hostname, component, name, ...rest } = JSON.parse(line) as Record<string, unknown>;
    void time, pid, hostname, component, name;
    const lvl = typeof level === 'number' ? levels[level] : String(level ?? 'info');
    const extra = Object.keys(rest).length ? ' ' + JSON.stringify(rest) : '';
    return `${lvl === 'info' ? '' : lvl.toUpperCase() + ' '}${String(msg ?? '')}${extra}`;
  } catch {
    return line;
  }
}

import os from 'node:os';

/** Number and table formatting shared by the report lines. */

export const MB = 1024 * 1024;
export const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
export const fmtS = (ms: number) => (ms / 1000).toFixed(2);
export const fmtMB = (bytes: number) => (bytes / MB).toFixed(1);
export const perSecond = (count: number, ms: number) => (ms > 0 ? fmtInt(count / (ms / 1000)) : '-');
export const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** A Markdown-style table, first column left-aligned, the others right-aligned (as bench/import prints). */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => '| ' + r.map((cell, c) => (c === 0 ? (cell ?? '').padEnd(widths[c]!) : (cell ?? '').padStart(widths[c]!))).join(' | ') + ' |';
  const sep = '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|';
  return [line(rows[0]!), sep, ...rows.slice(1).map(line)].join('\n');
}

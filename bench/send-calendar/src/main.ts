import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { nextSendSlot } from '#libs/send-calendar';
import { makeRequests } from './leads.js';

/**
 * Send calendar benchmark (not a test): N `nextSendSlot` computations over varied leads, zones, windows and
 * holidays on one core, beside a baseline of N bare Intl zone conversions (a cached DateTimeFormat per zone,
 * `formatToParts` of the same instants: what a calendar that asks Intl once per computation would pay at the
 * least). Prints computations/s, the ratio, and whether the target is met (≥ 200,000/s).
 *
 *   npm run bench:send-calendar -- [--count 1000000] [--requests 50000] [--seed 1]
 */

const TARGET_PER_SECOND = 200_000;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a whole number > 0`);
  return value;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

function main(): number {
  const count = option('count', 1_000_000);
  const distinct = option('requests', 50_000);
  const seed = option('seed', 1);
  console.log(`bench:send-calendar  node ${process.version}, ${os.cpus()[0]?.model.trim()}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`options: count=${fmt(count)} distinct requests=${fmt(distinct)} seed=${seed}`);
  const requests = makeRequests(distinct, seed);

  // Cold pass: builds the zone offset buckets and the holiday years the requests touch.
  let t0 = performance.now();
  for (const r of requests) nextSendSlot(r);
  const coldMs = performance.now() - t0;

  const holds = new Map<string, number>();
  let checksum = 0;
  let cpu0 = process.cpuUsage();
  t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const slot = nextSendSlot(requests[i % distinct]!);
    checksum = (checksum + slot.at.charCodeAt(15)) | 0;
    if (i < distinct) {
      const kind = slot.hold === null ? 'none' : slot.hold.split(/[: ]/)[0]!;
      holds.set(kind, (holds.get(kind) ?? 0) + 1);
    }
  }
  const calendarMs = performance.now() - t0;
  const calendarCpuMs = cpuMs(process.cpuUsage(cpu0));

  // Baseline: the same number of bare zone conversions of the same instants.
  const formats = new Map<string, Intl.DateTimeFormat>();
  const instants = requests.map((r) => Date.parse(r.notBefore));
  const zones = requests.map((r) => {
    let f = formats.get(r.calendar.timeZone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', { timeZone: r.calendar.timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
      formats.set(r.calendar.timeZone, f);
    }
    return f;
  });
  for (let i = 0; i < distinct; i++) zones[i]!.formatToParts(instants[i]!);
  cpu0 = process.cpuUsage();
  t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const parts = zones[i % distinct]!.formatToParts(instants[i % distinct]!);
    checksum = (checksum + parts.length) | 0;
  }
  const baselineMs = performance.now() - t0;
  const baselineCpuMs = cpuMs(process.cpuUsage(cpu0));

  // Wall time suffers from other work on the host; the process's CPU time is what "on one core" measures.
  const rate = count / (calendarMs / 1000);
  const baseRate = count / (baselineMs / 1000);
  const cpuRate = count / (calendarCpuMs / 1000);
  const baseCpuRate = count / (baselineCpuMs / 1000);
  console.log(`cold pass (${fmt(distinct)} requests, caches empty): ${(coldMs / 1000).toFixed(2)} s`);
  console.log(`holds in the first ${fmt(Math.min(count, distinct))}: ${[...holds].map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
  console.log('');
  console.log('| run                          | computations | wall s | per wall s | CPU s | per CPU s |');
  console.log('|------------------------------|--------------|--------|------------|-------|-----------|');
  const row = (name: string, ms: number, perS: number, cpu: number, perCpu: number) =>
    console.log(`| ${name.padEnd(28)} | ${fmt(count).padStart(12)} | ${(ms / 1000).toFixed(2).padStart(6)} | ${fmt(perS).padStart(10)} | ${(cpu / 1000).toFixed(2).padStart(5)} | ${fmt(perCpu).padStart(9)} |`);
  row('nextSendSlot', calendarMs, rate, calendarCpuMs, cpuRate);
  row('baseline: Intl formatToParts', baselineMs, baseRate, baselineCpuMs, baseCpuRate);
  console.log('');
  console.log(`ratio nextSendSlot / bare Intl conversion: ${(rate / baseRate).toFixed(2)}× (wall), ${(cpuRate / baseCpuRate).toFixed(2)}× (CPU)`);
  const verdict = (r: number) => (r >= TARGET_PER_SECOND ? 'met' : 'NOT met');
  console.log(`target ≥ ${fmt(TARGET_PER_SECOND)}/s on one core: ${verdict(cpuRate)} by CPU time, ${verdict(rate)} by wall time (checksum ${checksum})`);
  return 0;
}

process.exitCode = main();

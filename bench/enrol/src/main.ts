import { Client, Connection } from '@temporalio/client';
import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { SearchAttribute, TaskQueue, leadNurtureWorkflow, nurtureWorkflowId, type LeadNurtureInput } from '#libs/contracts';
import { freePort } from '../../../tools/launcher/src/ports.js';
import { findOrBuildTemporal } from '../../../tools/launcher/src/temporal-cli.js';
import { startTemporalDevServer } from '../../../tools/launcher/src/temporal-dev-server.js';

// bench:enrol — N leadNurture enrolments beside N empty workflows on one Temporal dev server, in one run.
// Not a test: it prints figures. BENCH_ENROL_N sets N (default 10,000); BENCH_ENROL_CONCURRENCY the starts in flight.

const N = Number(process.env.BENCH_ENROL_N ?? 10_000);
const IN_FLIGHT = Number(process.env.BENCH_ENROL_CONCURRENCY ?? 100);
const SETTLE_TIMEOUT_MS = 30 * 60_000;
const TARGET_RATIO = 0.5;

const say = (line: string) => console.log(line);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** `work(i)` for i in 0..n-1 with at most `limit` in flight. */
async function pool(n: number, limit: number, work: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      while (next < n) await work(next++);
    }),
  );
}

interface PhaseResult {
  name: string;
  startedMs: number;
  settledMs: number;
}

/**
 * Starts n workflows and waits until visibility counts all of them settled (the empty one completed, an enrolment
 * waiting on its first send timer). Both times run from the first start.
 */
async function phase(client: Client, name: string, start: (i: number) => Promise<unknown>, settled: string): Promise<PhaseResult> {
  const t0 = performance.now();
  await pool(N, IN_FLIGHT, start);
  const startedMs = performance.now() - t0;
  for (;;) {
    const { count } = await client.workflow.count(settled);
    if (count >= N) break;
    if (performance.now() - t0 > SETTLE_TIMEOUT_MS) throw new Error(`${name}: only ${count} of ${N} settled after ${SETTLE_TIMEOUT_MS / 60_000} minutes`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const settledMs = performance.now() - t0;
  say(`${name}: ${fmt(N)} started in ${(startedMs / 1000).toFixed(1)} s (${fmt(N / (startedMs / 1000))}/s), settled in ${(settledMs / 1000).toFixed(1)} s (${fmt(N / (settledMs / 1000))}/s)`);
  return { name, startedMs, settledMs };
}

/** VmRSS and VmHWM (peak) of a process, in MiB. */
async function rssOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

function enrolment(i: number): LeadNurtureInput {
  const leadId = `bench-lead-${i}`;
  return {
    enrolmentId: `bench-enrolment-${i}`,
    campaignId: 'bench',
    leadId,
    tier: 'warm',
    sequenceId: 'bench-sequence',
    sequenceVersion: 1,
    mailboxId: 'bench-mailbox',
    memo: { displayName: `Bench lead ${i}`, emailDomain: 'bench.example', owner: null, sequence: 'bench-sequence v1' },
  };
}

async function main() {
  const binary = await findOrBuildTemporal(say);
  const temporal = await startTemporalDevServer({ binary, port: await freePort(), uiPort: null, namespace: 'default', log: () => undefined });
  say(`bench:enrol — ${fmt(N)} enrolments and ${fmt(N)} empty workflows on one Temporal dev server (${temporal.address}), ${IN_FLIGHT} starts in flight`);

  const worker = fork(fileURLToPath(new URL('./enrol-worker.js', import.meta.url)), [], { env: { ...process.env, TEMPORAL_ADDRESS: temporal.address }, stdio: 'inherit' });
  const exited = new Promise<never>((_, reject) => worker.once('exit', (code) => reject(new Error(`the bench worker exited (${code})`))));
  exited.catch(() => undefined);
  await Promise.race([new Promise((resolve) => worker.once('message', resolve)), exited]);
  const idle = await rssOf(worker.pid!);

  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, namespace: 'default' });
  try {
    const empty = await Promise.race([
      phase(client, 'empty workflows', (i) => client.workflow.start('benchEmptyWorkflow', { taskQueue: TaskQueue.workflows, workflowId: `bench-empty/${i}` }), 'WorkflowType = "benchEmptyWorkflow" AND ExecutionStatus = "Completed"'),
      exited,
    ]);
    const enrol = await Promise.race([
      phase(
        client,
        'leadNurture enrolments',
        (i) => {
          const input = enrolment(i);
          return client.workflow.start(leadNurtureWorkflow.workflowType, {
            taskQueue: leadNurtureWorkflow.taskQueue,
            workflowId: nurtureWorkflowId(input.campaignId, input.leadId),
            args: [input],
            memo: { ...input.memo },
            searchAttributes: { [SearchAttribute.LeadId.name]: [input.leadId], [SearchAttribute.CampaignId.name]: [input.campaignId], [SearchAttribute.Tier.name]: [input.tier], [SearchAttribute.NurtureStatus.name]: ['admitted'] },
          });
        },
        `WorkflowType = "leadNurture" AND ${SearchAttribute.NurtureStatus.name} = "waiting" AND ExecutionStatus = "Running"`,
      ),
      exited,
    ]);
    const open = await rssOf(worker.pid!);

    const settledRatio = empty.settledMs / enrol.settledMs;
    const startRatio = empty.startedMs / enrol.startedMs;
    say('');
    say(`start rate ratio (enrolments / empty):            ${startRatio.toFixed(2)}`);
    say(`start-to-waiting rate ratio (enrolments / empty): ${settledRatio.toFixed(2)}   target ≥ ${TARGET_RATIO}: ${settledRatio >= TARGET_RATIO ? 'met' : 'NOT met'}`);
    say(`worker RSS: ${fmt(idle.rss)} MiB idle, ${fmt(open.rss)} MiB with ${fmt(N)} open enrolments (peak ${fmt(open.peak)} MiB)`);
  } finally {
    await connection.close();
    // The worker goes first: stopping the server under it leaves it retrying its task completions for a minute.
    if (worker.exitCode === null) {
      const gone = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (worker.exitCode === null) worker.kill('SIGKILL');
    }
    await temporal.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`bench:enrol failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);

import { randomUUID } from 'node:crypto';
import { dailyPipelineWorkflow, type DailyPipelineInput, type PipelineRunReport } from '#libs/contracts';
import { connectClient, startWorkflow } from '#libs/temporal';

export interface PipelineRun {
  workflowId: string;
  report: PipelineRunReport;
  /** Wall time from the start request to the result, as the benchmark saw it. */
  wallMs: number;
}

/**
 * One `dailyPipeline` run for the campaign, started with the Temporal client as the API's run-now does, but with
 * harvest turned off and score, qualify and route back to back. While it runs, a line every `progressEveryMs`
 * says which stage activity is running and its attempt (with the last failure after a retry), plus `progress()`.
 */
export async function runPipeline(o: {
  temporalAddress: string;
  namespace: string;
  campaignId: string;
  progressEveryMs: number;
  say: (line: string) => void;
  progress: () => Promise<string>;
  abort: Promise<never>;
}): Promise<PipelineRun> {
  const client = await connectClient({ address: o.temporalAddress, namespace: o.namespace });
  try {
    const at = '00:00';
    const input: DailyPipelineInput = {
      trigger: 'manual',
      campaignId: o.campaignId,
      timeZone: 'UTC',
      runImmediately: true,
      stages: { harvest: { enabled: false, at }, score: { enabled: true, at }, qualify: { enabled: true, at }, route: { enabled: true, at } },
    };
    const workflowId = `daily-pipeline/bench/${o.campaignId}/${randomUUID()}`;
    const started = performance.now();
    const handle = await startWorkflow(client, dailyPipelineWorkflow, { workflowId, args: [input] });
    const timer = setInterval(() => {
      void Promise.all([describeProgress(handle, started), o.progress().catch(() => '')]).then(
        ([activity, rows]) => o.say(`${activity}${rows ? `; ${rows}` : ''}`),
        () => undefined,
      );
    }, o.progressEveryMs);
    try {
      const report = await Promise.race([handle.result(), o.abort]);
      return { workflowId, report, wallMs: performance.now() - started };
    } finally {
      clearInterval(timer);
    }
  } finally {
    await client.connection.close();
  }
}

type Handle = ReturnType<Awaited<ReturnType<typeof connectClient>>['workflow']['getHandle']>;

async function describeProgress(handle: Handle, started: number): Promise<string> {
  const { raw } = await handle.describe();
  const elapsed = `${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s`;
  const pending = raw.pendingActivities ?? [];
  if (pending.length === 0) return `      ${elapsed}  (between activities)`;
  const running = pending.map((a) => {
    const failure = a.lastFailure?.message ? ` (last failure: ${a.lastFailure.message.slice(0, 200)})` : '';
    return `${a.activityType?.name ?? 'activity'} attempt ${a.attempt ?? 1}${failure}`;
  });
  return `      ${elapsed}  ${running.join(', ')}`;
}

import { jest } from '@jest/globals';
import { ActivityCancellationDetails, ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import type { CampaignStageInput, StageCursor } from '#libs/contracts';
import { runPagedStage } from './paged-stage.js';
import { pagedStageActivity } from './stage-activity.js';

// A campaign of 25 leads in pages of 10; `processed` records every lead a page stored, across attempts.
const ids = Array.from({ length: 25 }, (_, i) => `lead-${String(i).padStart(2, '0')}`);
const input: CampaignStageInput = { campaignId: 'demo', runId: 'run-1' };

function stage(hooks: { afterPage?: (done: number) => void } = {}) {
  const processed: string[] = [];
  const activity = pagedStageActivity({
    stage: 'scoring',
    run: async ({ campaignId }, progress) => {
      const done = await runPagedStage({
        progress,
        fetchPage: async (after) => {
          const start = after ? ids.indexOf(after) + 1 : 0;
          const items = ids.slice(start, start + 10);
          return { items, next: start + 10 < ids.length ? items[items.length - 1]! : null };
        },
        processPage: async (items) => {
          processed.push(...items);
          hooks.afterPage?.(processed.length);
          return { hot: items.filter((i) => i.endsWith('0')).length };
        },
      });
      return { campaignId, status: 'completed', processed: done.processed, counts: done.counts, problems: [] };
    },
  });
  return { activity, processed };
}

function environment(heartbeatDetails?: StageCursor) {
  // The SDK's "Activity failed" warnings are what these tests provoke; keep them out of the output.
  const env = new MockActivityEnvironment({ heartbeatDetails }, { logger: new DefaultLogger('ERROR') });
  const beats: StageCursor[] = [];
  env.on('heartbeat', (d: StageCursor) => beats.push(d));
  return { env, beats };
}

describe('pagedStageActivity', () => {
  it('heartbeats pages, leads done and the cursor after every page', async () => {
    const { activity } = stage();
    const { env, beats } = environment();
    const report = await env.run(activity, input);
    expect(report).toEqual({ campaignId: 'demo', status: 'completed', processed: 25, counts: { hot: 3 }, problems: [] });
    expect(beats).toEqual([
      { after: 'lead-09', pages: 1, processed: 10, counts: { hot: 1 } },
      { after: 'lead-19', pages: 2, processed: 20, counts: { hot: 2 } },
      { after: 'lead-19', pages: 3, processed: 25, counts: { hot: 3 } },
    ]);
  });

  it('stops between pages when cancelled, with a failure that says where', async () => {
    const { env, beats } = environment();
    const { activity, processed } = stage({ afterPage: (done) => done === 20 && env.cancel('CANCELLED') });
    const run = env.run(activity, input);
    await expect(run).rejects.toBeInstanceOf(CancelledFailure);
    await expect(run).rejects.toThrow('scoring of campaign demo stopped between pages (CANCELLED) after 2 pages and 20 leads; a retry resumes after lead lead-19');
    expect(processed).toEqual(ids.slice(0, 20));
    expect(beats.at(-1)).toEqual({ after: 'lead-19', pages: 2, processed: 20, counts: { hot: 2 } });
  });

  it('fails retryably when the worker shuts down, so another worker carries on', async () => {
    const { env } = environment();
    const { activity } = stage({ afterPage: (done) => done === 10 && env.cancel('WORKER_SHUTDOWN', new ActivityCancellationDetails({ workerShutdown: true })) });
    const failure = (await env.run(activity, input).catch((err: unknown) => err)) as ApplicationFailure;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'StageStopped', nonRetryable: false });
    expect(failure.message).toContain('after 1 pages and 10 leads');
  });

  it('after a worker restart, resumes from the last heartbeat of the lost attempt', async () => {
    // First attempt: the worker dies while the third page is being stored.
    const first = environment();
    const crashed = stage({
      afterPage: (done) => {
        if (done === 25) throw new Error('worker killed');
      },
    });
    await expect(first.env.run(crashed.activity, input)).rejects.toThrow('worker killed');
    const lastBeat = first.beats.at(-1)!;
    expect(lastBeat).toMatchObject({ after: 'lead-19', pages: 2, processed: 20 });

    // The retry gets that heartbeat as its details: only the third page is done again, the totals are whole.
    const retry = environment(lastBeat);
    const resumed = stage();
    const report = await retry.env.run(resumed.activity, input);
    expect(resumed.processed).toEqual(ids.slice(20));
    expect(report).toMatchObject({ processed: 25, counts: { hot: 3 } });
    expect(retry.beats).toEqual([{ after: 'lead-19', pages: 3, processed: 25, counts: { hot: 3 } }]);
  });

  it('refuses a bad campaign id or run id for good, before any page', async () => {
    const { activity, processed } = stage();
    const { env } = environment();
    await expect(env.run(activity, { campaignId: 'Not A Campaign', runId: 'r' })).rejects.toMatchObject({ type: 'InvalidCampaignId', nonRetryable: true });
    await expect(env.run(activity, { campaignId: 'demo', runId: '' })).rejects.toMatchObject({ type: 'InvalidRunId', nonRetryable: true });
    expect(processed).toEqual([]);
  });

  it('keeps a long page alive by repeating the last heartbeat when asked to', async () => {
    jest.useFakeTimers();
    try {
      const { env, beats } = environment({ after: 'lead-09', pages: 1, processed: 10, counts: {} });
      let release!: () => void;
      const slowPage = new Promise<void>((resolve) => (release = resolve));
      const activity = pagedStageActivity({
        stage: 'qualification',
        keepAliveMs: 1000,
        run: async ({ campaignId }) => {
          await slowPage;
          return { campaignId, status: 'completed', processed: 0, counts: {}, problems: [] };
        },
      });
      const run = env.run(activity, input);
      await jest.advanceTimersByTimeAsync(2500);
      expect(beats).toEqual([
        { after: 'lead-09', pages: 1, processed: 10, counts: {} },
        { after: 'lead-09', pages: 1, processed: 10, counts: {} },
      ]);
      release();
      await run;
      await jest.advanceTimersByTimeAsync(5000);
      expect(beats).toHaveLength(2);
    } finally {
      jest.useRealTimers();
    }
  });
});

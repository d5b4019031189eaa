import type { StageCursor } from '#libs/contracts';
import { campaignStageReport, runPagedStage, stageCursorFrom, type StageProgress } from './paged-stage.js';

const ids = Array.from({ length: 23 }, (_, i) => `lead-${String(i).padStart(2, '0')}`);
const fetchPage = async (after: string | null) => {
  const start = after ? ids.indexOf(after) + 1 : 0;
  const items = ids.slice(start, start + 10);
  return { items, next: start + 10 < ids.length ? items[items.length - 1]! : null };
};
const countHot = async (items: string[]) => ({ hot: items.filter((i) => i.endsWith('0')).length });

function recorder(o: Partial<StageProgress> = {}): StageProgress & { beats: StageCursor[] } {
  const beats: StageCursor[] = [];
  return { heartbeat: (c) => beats.push(c), stillAlive: () => undefined, ...o, beats };
}

describe('runPagedStage', () => {
  it('walks every page once, sums the counts and heartbeats pages, leads done and the cursor', async () => {
    const seen: string[] = [];
    const progress = recorder();
    const result = await runPagedStage({ progress, fetchPage, processPage: async (items) => (seen.push(...items), countHot(items)) });
    expect(seen).toEqual(ids);
    expect(result).toEqual({ after: 'lead-19', pages: 3, processed: 23, counts: { hot: 3 } });
    expect(progress.beats).toEqual([
      { after: 'lead-09', pages: 1, processed: 10, counts: { hot: 1 } },
      { after: 'lead-19', pages: 2, processed: 20, counts: { hot: 2 } },
      { after: 'lead-19', pages: 3, processed: 23, counts: { hot: 3 } },
    ]);
  });

  it('resumes after the last heartbeat of a failed attempt, keeping its counts', async () => {
    const seen: string[] = [];
    const progress = recorder({ resumeFrom: { after: 'lead-09', pages: 1, processed: 10, counts: { hot: 1 } } });
    const result = await runPagedStage({ progress, fetchPage, processPage: async (items) => (seen.push(...items), countHot(items)) });
    expect(seen).toEqual(ids.slice(10));
    expect(result).toEqual({ after: 'lead-19', pages: 3, processed: 23, counts: { hot: 3 } });
  });

  it('finishes at once when the campaign has no leads', async () => {
    const result = await runPagedStage({ progress: recorder(), fetchPage: async () => ({ items: [], next: null }), processPage: async () => ({ x: 1 }) });
    expect(result).toEqual({ after: null, pages: 0, processed: 0, counts: {} });
  });

  it('stops before the next page once asked to, leaving the last heartbeat on the last page done', async () => {
    const stop = new AbortController();
    const progress = recorder({ signal: stop.signal });
    const seen: string[] = [];
    const run = runPagedStage({
      progress,
      fetchPage,
      processPage: async (items) => {
        seen.push(...items);
        if (seen.length === 10) stop.abort(new Error('CANCELLED'));
        return {};
      },
    });
    await expect(run).rejects.toThrow('CANCELLED');
    expect(seen).toEqual(ids.slice(0, 10));
    expect(progress.beats.at(-1)).toMatchObject({ after: 'lead-09', pages: 1, processed: 10 });
  });
});

describe('runPagedStage prefetch', () => {
  it('asks for the next page before the current one is processed, and each page once', async () => {
    const calls: Array<string | null> = [];
    const events: string[] = [];
    await runPagedStage({
      progress: recorder(),
      fetchPage: async (after) => {
        calls.push(after);
        events.push(`fetch ${after}`);
        return fetchPage(after);
      },
      processPage: async (items) => {
        events.push(`process ${items[0]}`);
        return {};
      },
    });
    expect(calls).toEqual([null, 'lead-09', 'lead-19']);
    expect(events.indexOf('fetch lead-09')).toBeLessThan(events.indexOf('process lead-00'));
  });

  it('fails with the page that failed, not with an unhandled prefetch', async () => {
    await expect(
      runPagedStage({
        progress: recorder(),
        fetchPage: async (after) => (after === 'lead-09' ? Promise.reject(new Error('harvest down')) : fetchPage(after)),
        processPage: async () => {
          throw new Error('store failed');
        },
      }),
    ).rejects.toThrow('store failed');
  });
});

describe('stageCursorFrom', () => {
  it('reads a heartbeat, an older one without pages as 0, and nothing else', () => {
    expect(stageCursorFrom({ after: 'x', pages: 2, processed: 7, counts: { hot: 1 } })).toEqual({ after: 'x', pages: 2, processed: 7, counts: { hot: 1 } });
    expect(stageCursorFrom({ after: 'x', processed: 7, counts: {} })).toEqual({ after: 'x', pages: 0, processed: 7, counts: {} });
    expect(stageCursorFrom(undefined)).toBeUndefined();
    expect(stageCursorFrom(3)).toBeUndefined();
    expect(stageCursorFrom({ after: 1, processed: 7, counts: {} })).toBeUndefined();
    expect(stageCursorFrom({ after: null, processed: -1, counts: {} })).toBeUndefined();
    expect(stageCursorFrom({ after: null, processed: 1, counts: { hot: 'x' } })).toBeUndefined();
  });
});

describe('campaignStageReport', () => {
  it('completes with what was done, and degrades when something kept the stage from judging well', () => {
    const done = { after: 'x', pages: 2, processed: 12, counts: { hot: 3 } };
    expect(campaignStageReport('demo', done)).toEqual({ campaignId: 'demo', status: 'completed', processed: 12, counts: { hot: 3 }, problems: [] });
    expect(campaignStageReport('demo', null, ['no active rule set'])).toEqual({ campaignId: 'demo', status: 'degraded', processed: 0, counts: {}, problems: ['no active rule set'] });
  });
});

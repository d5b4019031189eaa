import type { StageCursor } from '../../contracts/src/index.js';
import { runPagedStage } from './paged-stage.js';

const ids = Array.from({ length: 23 }, (_, i) => `lead-${String(i).padStart(2, '0')}`);
const fetchPage = async (after: string | null) => {
  const start = after ? ids.indexOf(after) + 1 : 0;
  const items = ids.slice(start, start + 10);
  return { items, next: start + 10 < ids.length ? items[items.length - 1]! : null };
};

describe('runPagedStage', () => {
  it('walks every page once, sums the counts and heartbeats each cursor', async () => {
    const seen: string[] = [];
    const beats: StageCursor[] = [];
    const result = await runPagedStage({
      fetchPage,
      processPage: async (items) => {
        seen.push(...items);
        return { hot: items.filter((i) => i.endsWith('0')).length };
      },
      heartbeat: (c) => beats.push(c),
    });
    expect(seen).toEqual(ids);
    expect(result).toEqual({ after: 'lead-19', processed: 23, counts: { hot: 3 } });
    expect(beats.map((b) => b.after)).toEqual(['lead-09', 'lead-19', 'lead-19']);
  });

  it('resumes after the last heartbeat of a failed attempt, keeping its counts', async () => {
    const seen: string[] = [];
    const result = await runPagedStage({
      resumeFrom: { after: 'lead-09', processed: 10, counts: { hot: 1 } },
      fetchPage,
      processPage: async (items) => {
        seen.push(...items);
        return { hot: items.filter((i) => i.endsWith('0')).length };
      },
      heartbeat: () => undefined,
    });
    expect(seen).toEqual(ids.slice(10));
    expect(result).toEqual({ after: 'lead-19', processed: 23, counts: { hot: 3 } });
  });

  it('finishes at once when the campaign has no leads', async () => {
    const result = await runPagedStage({ fetchPage: async () => ({ items: [], next: null }), processPage: async () => ({ x: 1 }), heartbeat: () => undefined });
    expect(result).toEqual({ after: null, processed: 0, counts: {} });
  });
});

describe('runPagedStage prefetch', () => {
  it('asks for the next page before the current one is processed, and each page once', async () => {
    const calls: Array<string | null> = [];
    const events: string[] = [];
    await runPagedStage({
      fetchPage: async (after) => {
        calls.push(after);
        events.push(`fetch ${after}`);
        return fetchPage(after);
      },
      processPage: async (items) => {
        events.push(`process ${items[0]}`);
        return {};
      },
      heartbeat: () => undefined,
    });
    expect(calls).toEqual([null, 'lead-09', 'lead-19']);
    expect(events.indexOf('fetch lead-09')).toBeLessThan(events.indexOf('process lead-00'));
  });

  it('fails with the page that failed, not with an unhandled prefetch', async () => {
    await expect(
      runPagedStage({
        fetchPage: async (after) => (after === 'lead-09' ? Promise.reject(new Error('harvest down')) : fetchPage(after)),
        processPage: async () => {
          throw new Error('store failed');
        },
        heartbeat: () => undefined,
      }),
    ).rejects.toThrow('store failed');
  });
});

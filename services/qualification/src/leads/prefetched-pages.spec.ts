import { prefetchedPages } from './prefetched-pages.js';

const pages: Record<string, { items: number[]; next: string | null }> = {
  start: { items: [1, 2], next: 'a' },
  a: { items: [3, 4], next: 'b' },
  b: { items: [5], next: null },
};

describe('prefetchedPages', () => {
  it('asks for the next page as soon as the current one arrives, and each page once', async () => {
    const asked: Array<string | null> = [];
    const fetch = prefetchedPages(async (after: string | null) => {
      asked.push(after);
      return pages[after ?? 'start']!;
    });
    expect(await fetch(null)).toEqual(pages.start);
    expect(asked).toEqual([null, 'a']);
    expect(await fetch('a')).toEqual(pages.a);
    expect(await fetch('b')).toEqual(pages.b);
    expect(asked).toEqual([null, 'a', 'b']);
  });

  it('reports a failed prefetch when that page is asked for, not before', async () => {
    const fetch = prefetchedPages(async (after: string | null) => {
      if (after === 'a') throw new Error('harvest down');
      return pages[after ?? 'start']!;
    });
    await fetch(null);
    await new Promise((r) => setTimeout(r, 5));
    await expect(fetch('a')).rejects.toThrow('harvest down');
  });

  it('fetches afresh when asked for a cursor it did not prefetch', async () => {
    const asked: Array<string | null> = [];
    const fetch = prefetchedPages(async (after: string | null) => {
      asked.push(after);
      return pages[after ?? 'start']!;
    });
    await fetch(null);
    await fetch('b');
    expect(asked).toEqual([null, 'a', 'b']);
  });
});

import { prefetchPages } from './page-prefetch.js';

const ids = Array.from({ length: 7 }, (_, i) => `lead-${i}`);

function source() {
  const calls: Array<string | null> = [];
  const fetch = async (after: string | null) => {
    calls.push(after);
    const start = after === null ? 0 : ids.indexOf(after) + 1;
    const items = ids.slice(start, start + 3);
    return { items, next: start + 3 < ids.length ? items[items.length - 1]! : null };
  };
  return { calls, fetch };
}

describe('prefetchPages', () => {
  it('asks for the next page as soon as a page arrives, and fetches each page once', async () => {
    const { calls, fetch } = source();
    const pages = prefetchPages(fetch);
    const first = await pages(null);
    expect(first.items).toEqual(['lead-0', 'lead-1', 'lead-2']);
    expect(calls).toEqual([null, 'lead-2']);
    const second = await pages('lead-2');
    expect(second.items).toEqual(['lead-3', 'lead-4', 'lead-5']);
    const third = await pages('lead-5');
    expect(third).toEqual({ items: ['lead-6'], next: null });
    expect(calls).toEqual([null, 'lead-2', 'lead-5']);
  });

  it('fetches directly when asked for a cursor it did not prefetch', async () => {
    const { calls, fetch } = source();
    const pages = prefetchPages(fetch);
    await pages(null);
    const resumed = await pages('lead-4');
    expect(resumed.items).toEqual(['lead-5', 'lead-6']);
    expect(calls).toEqual([null, 'lead-2', 'lead-4']);
  });

  it('reports a failed prefetch when its page is asked for', async () => {
    let n = 0;
    const pages = prefetchPages(async () => {
      if (n++ === 1) throw new Error('qualification unreachable');
      return { items: ['a'], next: 'a' };
    });
    await pages(null);
    await expect(pages('a')).rejects.toThrow('qualification unreachable');
  });
});

import { mapBounded } from './bounded.js';

/** A piece of work that finishes when the test says so, recording how many were pending at once. */
function controlled() {
  const pending = new Map<string, () => void>();
  let widest = 0;
  const work = (item: string) =>
    new Promise<string>((resolve) => {
      pending.set(item, () => resolve(item.toUpperCase()));
      widest = Math.max(widest, pending.size);
    }).finally(() => pending.delete(item));
  const finish = async (item: string) => {
    pending.get(item)!();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { work, finish, pending: () => [...pending.keys()], widest: () => widest };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('mapBounded', () => {
  it('keeps at most the limit pending, starts the next item as one finishes, and returns results in item order', async () => {
    const c = controlled();
    const all = mapBounded(['a', 'b', 'c', 'd'], 2, c.work);
    await settle();
    expect(c.pending()).toEqual(['a', 'b']);
    await c.finish('b');
    expect(c.pending()).toEqual(['a', 'c']);
    await c.finish('c');
    await c.finish('a');
    expect(c.pending()).toEqual(['d']);
    await c.finish('d');
    expect(await all).toEqual(['A', 'B', 'C', 'D']);
    expect(c.widest()).toBe(2);
  });

  it('treats a limit below one as one, and never opens more lanes than items', async () => {
    const c = controlled();
    const all = mapBounded(['a', 'b'], 0, c.work);
    await settle();
    expect(c.pending()).toEqual(['a']);
    await c.finish('a');
    await c.finish('b');
    expect(await all).toEqual(['A', 'B']);
    expect(c.widest()).toBe(1);
    expect(await mapBounded([], 4, c.work)).toEqual([]);
  });
});

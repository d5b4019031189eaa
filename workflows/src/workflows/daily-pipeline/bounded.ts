/**
 * `work` on every item with at most `limit` pending at once; results come back in item order. Workflow-safe and
 * deterministic: new work starts only when earlier work settles, so a replay issues the same commands in the
 * same order. `work` must not reject (callers turn failures into results).
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  const lanes = Math.min(Math.max(1, Math.floor(limit)), items.length);
  await Promise.all(Array.from({ length: lanes }, lane));
  return results;
}

import type { StagePage } from '../../../../libs/service-runtime/src/index.js';

/**
 * Keyset paging one page ahead: while page N is judged and written, page N+1 is already on its way from the
 * qualification service, which takes one HTTP round trip per page off the stage's critical path.
 * A call for any other cursor (a resumed attempt) fetches directly.
 */
export function prefetchPages<T>(fetch: (after: string | null) => Promise<StagePage<T>>): (after: string | null) => Promise<StagePage<T>> {
  let ahead: { after: string; page: Promise<StagePage<T>> } | null = null;
  return async (after) => {
    const page = ahead !== null && ahead.after === after ? ahead.page : fetch(after);
    ahead = null;
    const result = await page;
    if (result.next !== null) {
      const next = fetch(result.next);
      // A failed prefetch surfaces when its page is asked for; until then it must not be an unhandled rejection.
      next.catch(() => undefined);
      ahead = { after: result.next, page: next };
    }
    return result;
  };
}

import type { StagePage } from '../../../../libs/service-runtime/src/index.js';

/**
 * Wraps a page fetch so the next page is already on its way while the current one is judged: harvest builds
 * page n+1 while this service checks DNS and writes page n. A prefetch that fails reports its error when that
 * page is asked for, never as an unhandled rejection; a request for another cursor fetches afresh.
 */
export function prefetchedPages<T>(fetch: (after: string | null) => Promise<StagePage<T>>): (after: string | null) => Promise<StagePage<T>> {
  let ahead: { after: string; page: Promise<StagePage<T>> } | undefined;
  return async (after) => {
    const pending = ahead && ahead.after === after ? ahead.page : fetch(after);
    ahead = undefined;
    const page = await pending;
    if (page.next !== null) {
      const next = fetch(page.next);
      next.catch(() => undefined); // observed when it is consumed
      ahead = { after: page.next, page: next };
    }
    return page;
  };
}

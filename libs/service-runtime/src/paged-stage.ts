import { Context } from '@temporalio/activity';
import type { StageCursor } from '../../contracts/src/index.js';

export interface StagePage<T> {
  items: T[];
  next: string | null;
}

export interface PagedStageOptions<T> {
  /** Where a previous attempt stopped (its last heartbeat), if any. */
  resumeFrom?: StageCursor;
  fetchPage(after: string | null): Promise<StagePage<T>>;
  /** Judge and store one page; returns counts to add to the stage's totals. Must be idempotent per page. */
  processPage(items: T[]): Promise<Record<string, number>>;
  /** Records progress; a retry after a crash starts from the last cursor it was given. */
  heartbeat(cursor: StageCursor): void;
}

/**
 * The loop every judging stage runs over one campaign: fetch a page after the cursor, process it, heartbeat the
 * new cursor, with the following page already on its way. Pages are processed idempotently, so a page done twice after a crash between store and heartbeat
 * changes nothing.
 */
export async function runPagedStage<T>(o: PagedStageOptions<T>): Promise<StageCursor> {
  const cursor: StageCursor = o.resumeFrom ? { after: o.resumeFrom.after, processed: o.resumeFrom.processed, counts: { ...o.resumeFrom.counts } } : { after: null, processed: 0, counts: {} };
  // The next page is fetched while this one is judged and stored: the neighbour's query and ours overlap.
  let pending = o.fetchPage(cursor.after);
  for (;;) {
    const page = await pending;
    if (page.next) {
      pending = o.fetchPage(page.next);
      // Surfaced when awaited; if this page fails first, the prefetch's own failure must not go unhandled.
      pending.catch(() => undefined);
    }
    if (page.items.length > 0) {
      const counts = await o.processPage(page.items);
      cursor.processed += page.items.length;
      for (const [k, v] of Object.entries(counts)) cursor.counts[k] = (cursor.counts[k] ?? 0) + v;
    }
    cursor.after = page.next ?? cursor.after;
    o.heartbeat({ after: cursor.after, processed: cursor.processed, counts: { ...cursor.counts } });
    if (!page.next) return cursor;
  }
}

/** Inside a Temporal activity: the cursor of the last heartbeat of a previous attempt, and a heartbeat function. */
export function activityStageCursor(): { resumeFrom?: StageCursor; heartbeat: (c: StageCursor) => void } {
  const ctx = Context.current();
  const details = ctx.info.heartbeatDetails as StageCursor | undefined;
  return { resumeFrom: details && typeof details.processed === 'number' ? details : undefined, heartbeat: (c) => ctx.heartbeat(c) };
}

import type { CampaignStageReport, StageCursor } from '#libs/contracts';

export interface StagePage<T> {
  items: T[];
  next: string | null;
}

/**
 * What a paged stage reports and hears while it runs: Temporal's activity context in a worker
 * (stage-activity.ts), a plain object in tests.
 */
export interface StageProgress {
  /** Where an earlier attempt stopped (its last heartbeat); absent on a first attempt. */
  resumeFrom?: StageCursor;
  /** Records a page done; a retry after a crash or a restart starts from the last cursor given here. */
  heartbeat(cursor: StageCursor): void;
  /** Repeats the last heartbeat: a long wait (a lock, a batch of timers) is not a stalled worker. */
  stillAlive(): void;
  /** Aborted when the stage must stop (cancelled, timed out, worker shutting down); checked between pages. */
  signal?: AbortSignal;
}

export interface PagedStageOptions<T> {
  progress: StageProgress;
  fetchPage(after: string | null): Promise<StagePage<T>>;
  /** Judge and store one page; returns counts to add to the stage's totals. Must be idempotent per page. */
  processPage(items: T[]): Promise<Record<string, number>>;
}

export const FIRST_PAGE: StageCursor = Object.freeze({ after: null, pages: 0, processed: 0, counts: Object.freeze({}) }) as StageCursor;

function copy(c: StageCursor): StageCursor {
  return { after: c.after, pages: c.pages, processed: c.processed, counts: { ...c.counts } };
}

/**
 * The loop every paged stage runs over one campaign: fetch a page after the cursor, process it, heartbeat the
 * new cursor, with the following page already on its way. A stop request ends it before the next page, so a
 * page is either done and heartbeated or not started. Pages are processed idempotently: a page done twice after
 * a crash between store and heartbeat changes nothing.
 */
export async function runPagedStage<T>(o: PagedStageOptions<T>): Promise<StageCursor> {
  const cursor = copy(o.progress.resumeFrom ?? FIRST_PAGE);
  // The next page is fetched while this one is judged and stored: the neighbour's query and ours overlap.
  let pending = o.fetchPage(cursor.after);
  for (;;) {
    const page = await pending;
    if (page.next) {
      pending = o.fetchPage(page.next);
      // Surfaced when awaited; if this page fails first, the prefetch's own failure must not go unhandled.
      pending.catch(() => undefined);
    }
    o.progress.signal?.throwIfAborted();
    if (page.items.length > 0) {
      const counts = await o.processPage(page.items);
      cursor.pages += 1;
      cursor.processed += page.items.length;
      for (const [k, v] of Object.entries(counts)) cursor.counts[k] = (cursor.counts[k] ?? 0) + v;
    }
    cursor.after = page.next ?? cursor.after;
    o.progress.heartbeat(copy(cursor));
    if (!page.next) return cursor;
  }
}

/**
 * Heartbeat details as a cursor, or undefined when they are not one (none yet, or from another activity
 * version): the stage then starts over, which idempotent pages allow. Older heartbeats lack `pages`.
 */
export function stageCursorFrom(details: unknown): StageCursor | undefined {
  if (!details || typeof details !== 'object') return undefined;
  const d = details as Partial<Record<keyof StageCursor, unknown>>;
  const count = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (!count(d.processed) || !(d.after === null || typeof d.after === 'string')) return undefined;
  if (!d.counts || typeof d.counts !== 'object' || !Object.values(d.counts).every((v) => typeof v === 'number')) return undefined;
  return { after: d.after, pages: count(d.pages) ? (d.pages as number) : 0, processed: d.processed as number, counts: { ...(d.counts as Record<string, number>) } };
}

/**
 * A stage's report on one campaign: what it did (nothing when it could not start) and, if anything kept it
 * from judging well, the problems, which make it degraded.
 */
export function campaignStageReport(campaignId: string, done: Pick<StageCursor, 'processed' | 'counts'> | null, problems: string[] = []): CampaignStageReport {
  return { campaignId, status: problems.length > 0 ? 'degraded' : 'completed', processed: done?.processed ?? 0, counts: { ...done?.counts }, problems };
}

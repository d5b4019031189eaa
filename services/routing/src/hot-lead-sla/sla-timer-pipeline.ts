/**
 * Starting SLA timers overlaps with routing the next page: page N's timers start while page N+1 is judged and
 * written, so Temporal's start rate (tens per second on a dev server) only costs time when it, not routing, is
 * the slower of the two. At most one page's starts are in flight, and a failure surfaces at the next page or at
 * the end. Timers whose start was lost (a crash meanwhile) stay pending in the routes table for the next sweep.
 */
export class SlaTimerPipeline<T> {
  private inFlight: Promise<number> = Promise.resolve(0);
  private started = 0;

  constructor(private readonly start: (batch: T[]) => Promise<number>) {}

  /** Waits for the previous page's starts (rethrowing their failure), then starts this page's in the background. */
  async enqueue(batch: T[]): Promise<void> {
    this.started += await this.inFlight;
    const next = batch.length === 0 ? Promise.resolve(0) : this.start(batch);
    // Awaited at the next enqueue or at finish; until then a rejection must not count as unhandled.
    next.catch(() => undefined);
    this.inFlight = next;
  }

  /** Waits for the last page's starts; the number of timers started through this pipeline. */
  async finish(): Promise<number> {
    this.started += await this.inFlight;
    this.inFlight = Promise.resolve(0);
    return this.started;
  }
}

/**
 * Per key (a mailbox), runs a recount so that many rows arriving together share few runs:
 * - `fresh(key)` answers with a run that started after the call (so it sees everything committed before it);
 *   callers arriving while a run is in flight share the one next run;
 * - `throttled(key)` starts a run only when none started in the last `minIntervalMs`; otherwise it answers null
 *   at once and makes sure one trailing run starts when the interval is over, so the last row of a burst is
 *   still counted. A failed trailing run is tried again after another interval.
 */
export class RecountCoalescer<T> {
  private readonly keys = new Map<string, KeyState<T>>();

  constructor(
    private readonly run: (key: string) => Promise<T>,
    private readonly minIntervalMs: number,
    private readonly onTrailingError: (key: string, err: unknown) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  fresh(key: string): Promise<T> {
    const state = this.state(key);
    if (!state.running) return this.start(key, state);
    state.next ??= state.running.then(
      () => this.start(key, state),
      () => this.start(key, state),
    );
    return state.next;
  }

  async throttled(key: string): Promise<T | null> {
    const state = this.state(key);
    const since = this.now() - state.lastStartedAt;
    if (!state.running && !state.next && since >= this.minIntervalMs) return this.start(key, state);
    this.scheduleTrailing(key, state, Math.max(0, this.minIntervalMs - since));
    return null;
  }

  /** Stops pending trailing runs (shutdown). */
  close(): void {
    for (const state of this.keys.values()) if (state.trailing) clearTimeout(state.trailing);
    this.keys.clear();
  }

  private state(key: string): KeyState<T> {
    let state = this.keys.get(key);
    if (!state) this.keys.set(key, (state = { running: null, next: null, lastStartedAt: -Infinity, trailing: null }));
    return state;
  }

  private start(key: string, state: KeyState<T>): Promise<T> {
    state.next = null;
    state.lastStartedAt = this.now();
    const running = this.run(key);
    state.running = running;
    const clear = () => {
      if (state.running === running) state.running = null;
    };
    running.then(clear, clear);
    return running;
  }

  private scheduleTrailing(key: string, state: KeyState<T>, delayMs: number): void {
    if (state.trailing) return;
    state.trailing = setTimeout(() => {
      state.trailing = null;
      this.fresh(key).catch((err: unknown) => {
        this.onTrailingError(key, err);
        this.scheduleTrailing(key, state, this.minIntervalMs);
      });
    }, delayMs);
    state.trailing.unref?.();
  }
}

interface KeyState<T> {
  running: Promise<T> | null;
  next: Promise<T> | null;
  lastStartedAt: number;
  trailing: ReturnType<typeof setTimeout> | null;
}

import { jest } from '@jest/globals';
import { RecountCoalescer } from './recount-coalescer.js';

/** A run the test finishes by hand, to see which calls share it. */
function manualRuns() {
  const runs: Array<{ key: string; finish: (v: number) => void; fail: (e: Error) => void }> = [];
  let n = 0;
  const run = (key: string) =>
    new Promise<number>((resolve, reject) => {
      const id = ++n;
      runs.push({ key, finish: () => resolve(id), fail: reject });
    });
  return { runs, run };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('RecountCoalescer', () => {
  it('fresh: the first call starts a run; calls during it share exactly one next run', async () => {
    const { runs, run } = manualRuns();
    const c = new RecountCoalescer(run, 1_000);
    const first = c.fresh('m1');
    const second = c.fresh('m1');
    const third = c.fresh('m1');
    expect(runs).toHaveLength(1);
    runs[0]!.finish(0);
    await expect(first).resolves.toBe(1);
    await tick();
    expect(runs).toHaveLength(2);
    runs[1]!.finish(0);
    await expect(second).resolves.toBe(2);
    await expect(third).resolves.toBe(2);
    c.close();
  });

  it('fresh: a failed run fails its callers and does not stop the next one', async () => {
    const { runs, run } = manualRuns();
    const c = new RecountCoalescer(run, 1_000);
    const first = c.fresh('m1');
    const second = c.fresh('m1');
    runs[0]!.fail(new Error('db down'));
    await expect(first).rejects.toThrow('db down');
    await tick();
    runs[1]!.finish(0);
    await expect(second).resolves.toBe(2);
    c.close();
  });

  it('keys are independent', async () => {
    const { runs, run } = manualRuns();
    const c = new RecountCoalescer(run, 1_000);
    void c.fresh('a');
    void c.fresh('b');
    expect(runs.map((r) => r.key)).toEqual(['a', 'b']);
    runs.forEach((r) => r.finish(0));
    c.close();
  });

  it('throttled: one run per interval, the rest answer null, and one trailing run counts the last of the burst', async () => {
    jest.useFakeTimers();
    try {
      let now = 0;
      const { runs, run } = manualRuns();
      const c = new RecountCoalescer(run, 5_000, undefined, () => now);
      const first = c.throttled('m1');
      expect(runs).toHaveLength(1);
      runs[0]!.finish(0);
      await expect(first).resolves.toBe(1);
      now = 100;
      for (let i = 0; i < 50; i++) await expect(c.throttled('m1')).resolves.toBeNull();
      expect(runs).toHaveLength(1);
      now = 5_000;
      jest.advanceTimersByTime(4_900);
      expect(runs).toHaveLength(2);
      runs[1]!.finish(0);
      c.close();
    } finally {
      jest.useRealTimers();
    }
  });

  it('throttled: a failed trailing run is reported and tried again', async () => {
    jest.useFakeTimers();
    try {
      let now = 0;
      const errors: string[] = [];
      const { runs, run } = manualRuns();
      const c = new RecountCoalescer(run, 1_000, (key) => errors.push(key), () => now);
      const first = c.throttled('m1');
      runs[0]!.finish(0);
      await first;
      await expect(c.throttled('m1')).resolves.toBeNull();
      now = 1_000;
      jest.advanceTimersByTime(1_000);
      expect(runs).toHaveLength(2);
      runs[1]!.fail(new Error('db down'));
      await Promise.resolve();
      await Promise.resolve();
      await Promise.resolve();
      expect(errors).toEqual(['m1']);
      now = 2_000;
      jest.advanceTimersByTime(1_000);
      expect(runs).toHaveLength(3);
      runs[2]!.finish(0);
      c.close();
    } finally {
      jest.useRealTimers();
    }
  });
});

import { SlaTimerPipeline } from './sla-timer-pipeline.js';

function deferred() {
  let resolve!: (n: number) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<number>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SlaTimerPipeline', () => {
  it('starts a page in the background and waits for it before the next page starts', async () => {
    const calls: string[][] = [];
    const pending = [deferred(), deferred()];
    const pipeline = new SlaTimerPipeline<string>((batch) => {
      calls.push(batch);
      return pending[calls.length - 1]!.promise;
    });
    await pipeline.enqueue(['a', 'b']);
    expect(calls).toEqual([['a', 'b']]);

    let secondQueued = false;
    const second = pipeline.enqueue(['c']).then(() => (secondQueued = true));
    await new Promise((r) => setImmediate(r));
    expect(secondQueued).toBe(false);
    pending[0]!.resolve(2);
    await second;
    expect(calls).toEqual([['a', 'b'], ['c']]);

    pending[1]!.resolve(1);
    await expect(pipeline.finish()).resolves.toBe(3);
  });

  it('skips empty pages', async () => {
    let calls = 0;
    const pipeline = new SlaTimerPipeline<number>(async (batch) => {
      calls++;
      return batch.length;
    });
    await pipeline.enqueue([]);
    await pipeline.enqueue([1]);
    await expect(pipeline.finish()).resolves.toBe(1);
    expect(calls).toBe(1);
  });

  it('reports a failed start at the next page', async () => {
    const pipeline = new SlaTimerPipeline<number>(async () => {
      throw new Error('temporal unavailable');
    });
    await pipeline.enqueue([1]);
    await expect(pipeline.enqueue([2])).rejects.toThrow('temporal unavailable');
  });

  it('reports a failed start of the last page at the end', async () => {
    const pipeline = new SlaTimerPipeline<number>(async () => {
      throw new Error('temporal unavailable');
    });
    await pipeline.enqueue([1]);
    await expect(pipeline.finish()).rejects.toThrow('temporal unavailable');
  });
});

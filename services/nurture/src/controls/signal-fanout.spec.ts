import { signalEach, type SignalAnswer } from './signal-fanout.js';

const noWait = { sleep: async () => undefined };

describe('signalEach', () => {
  it('signals every workflow once, never more than `concurrency` at a time', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `nurture/demo/${i}`);
    let inFlight = 0;
    let peak = 0;
    const seen: string[] = [];
    const result = await signalEach(
      ids,
      async (id) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 1));
        inFlight--;
        seen.push(id);
        return 'signalled';
      },
      { concurrency: 4, attempts: 3, backoffMs: 1, ...noWait },
    );
    expect(result).toEqual({ attempted: 50, signalled: 50, notRunning: 0, failed: [] });
    expect(seen.sort()).toEqual([...ids].sort());
    expect(peak).toBe(4);
  });

  it('retries a failing signal with doubling backoff and reports what still fails, by id', async () => {
    const tries = new Map<string, number>();
    const waits: number[] = [];
    const result = await signalEach(
      ['a', 'b', 'c', 'd'],
      async (id): Promise<SignalAnswer> => {
        const n = (tries.get(id) ?? 0) + 1;
        tries.set(id, n);
        if (id === 'b' && n < 3) throw new Error('unavailable');
        if (id === 'c') throw new Error('deadline exceeded');
        return id === 'd' ? 'not-running' : 'signalled';
      },
      { concurrency: 2, attempts: 3, backoffMs: 100, sleep: async (ms) => void waits.push(ms) },
    );
    expect(result).toEqual({ attempted: 4, signalled: 2, notRunning: 1, failed: [{ workflowId: 'c', attempts: 3, error: 'deadline exceeded' }] });
    expect(tries.get('b')).toBe(3);
    expect(tries.get('c')).toBe(3);
    expect(waits.sort((x, y) => x - y)).toEqual([100, 100, 200, 200]);
  });

  it('does nothing for no workflows', async () => {
    expect(await signalEach([], async () => 'signalled', { concurrency: 8, attempts: 1, backoffMs: 1 })).toEqual({ attempted: 0, signalled: 0, notRunning: 0, failed: [] });
  });
});

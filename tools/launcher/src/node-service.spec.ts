import { RESTART_BACKOFF, nextRestartDelay } from './node-service.js';

describe('crash restart backoff', () => {
  it('waits a second after the first crash, then doubles up to the cap', () => {
    const delays: number[] = [];
    let previous: number | null = null;
    for (let i = 0; i < 8; i++) {
      previous = nextRestartDelay(previous, 500);
      delays.push(previous);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('starts again from a second once the process had stayed up a minute', () => {
    expect(nextRestartDelay(30_000, RESTART_BACKOFF.stableMs)).toBe(1_000);
    expect(nextRestartDelay(30_000, RESTART_BACKOFF.stableMs - 1)).toBe(30_000);
  });
});

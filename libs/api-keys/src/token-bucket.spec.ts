import { TokenBuckets } from './token-bucket.js';

describe('TokenBuckets', () => {
  it('lets a burst through, then refuses with the seconds until the next token, per key', () => {
    let now = 0;
    const buckets = new TokenBuckets(2, 3, () => now);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([null, null, null]);
    expect(buckets.take('a')).toBe(1);
    expect(buckets.take('b')).toBeNull();
    now = 500; // half a second at 2 per second: one token back
    expect(buckets.take('a')).toBeNull();
    expect(buckets.take('a')).toBe(1);
  });

  it('never holds more than the burst however long a key was idle', () => {
    let now = 0;
    const buckets = new TokenBuckets(1, 2, () => now);
    buckets.take('a');
    now = 3_600_000;
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([null, null, 1]);
  });

  it('names a longer wait when the rate is below one per second', () => {
    const buckets = new TokenBuckets(0.1, 1, () => 0);
    buckets.take('a');
    expect(buckets.take('a')).toBe(10);
  });
});

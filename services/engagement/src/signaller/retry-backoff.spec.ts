import { errorSummary, retryDelaySeconds } from './retry-backoff.js';

describe('retryDelaySeconds', () => {
  it('doubles from one second per attempt up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelaySeconds(n, 60))).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
  });

  it('stays finite and capped after very many attempts, and treats 0 as the first', () => {
    expect(retryDelaySeconds(10_000, 60)).toBe(60);
    expect(retryDelaySeconds(0, 60)).toBe(1);
  });
});

describe('errorSummary', () => {
  it('keeps no address and no line breaks, and is short', () => {
    const s = errorSummary(new Error(`nurture answered 500 for ann.lee@acme.example\n${'x'.repeat(500)}`));
    expect(s).not.toContain('@');
    expect(s).toContain('<address>');
    expect(s).not.toContain('\n');
    expect(s.length).toBeLessThanOrEqual(300);
  });

  it("names the error's class when it is not a plain Error", () => {
    expect(errorSummary(new TypeError('fetch failed'))).toBe('TypeError: fetch failed');
    expect(errorSummary('boom')).toBe('boom');
  });
});

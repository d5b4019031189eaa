import { EmailFilter } from './email-filter.js';

describe('EmailFilter', () => {
  it('always knows an email it was given, and rarely claims one it was not', () => {
    const filter = new EmailFilter(20);
    for (let i = 0; i < 50_000; i++) filter.add(`lead${i}@company${i % 97}.example`);
    let missed = 0;
    for (let i = 0; i < 50_000; i++) if (!filter.mayHave(`lead${i}@company${i % 97}.example`)) missed++;
    expect(missed).toBe(0);
    let claimed = 0;
    for (let i = 50_000; i < 100_000; i++) if (filter.mayHave(`lead${i}@company${i % 97}.example`)) claimed++;
    // 50,000 emails in 2^20 bits with 5 probes: about 0.3% false "maybe".
    expect(claimed).toBeLessThan(500);
  });
});

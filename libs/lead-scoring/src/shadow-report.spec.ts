import type { Tier } from './rule-set.js';
import { shadowReport } from './shadow-report.js';

const cell = (report: ReturnType<ReturnType<typeof shadowReport>['report']>, from: Tier, to: Tier) =>
  report.matrix.find((c) => c.from === from && c.to === to)!.count;

describe('shadowReport', () => {
  it('is all zeros with nothing fed', () => {
    const report = shadowReport().report();
    expect(report).toMatchObject({ total: 0, moved: 0, upgrades: 0, downgrades: 0 });
    expect(report.matrix).toHaveLength(16);
    expect(report.matrix.every((c) => c.count === 0)).toBe(true);
  });

  it('has all 16 cells in a fixed order', () => {
    const tiers = ['hot', 'warm', 'cool', 'cold'];
    expect(shadowReport().report().matrix.map((c) => `${c.from}>${c.to}`)).toEqual(tiers.flatMap((f) => tiers.map((t) => `${f}>${t}`)));
  });

  it('counts moves, upgrades and downgrades', () => {
    const acc = shadowReport();
    const pairs: Array<[Tier, Tier]> = [
      ['hot', 'hot'],
      ['hot', 'warm'],
      ['warm', 'hot'],
      ['cold', 'hot'],
      ['cold', 'cold'],
      ['cool', 'cold'],
      ['cool', 'cold'],
      ['warm', 'warm'],
    ];
    for (const [from, to] of pairs) acc.add(from, to);
    const report = acc.report();
    expect(report).toMatchObject({
      total: 8,
      moved: 5,
      upgrades: 2,
      downgrades: 3,
      current: { hot: 2, warm: 2, cool: 2, cold: 2 },
      draft: { hot: 3, warm: 2, cool: 0, cold: 3 },
    });
    expect(cell(report, 'cool', 'cold')).toBe(2);
    expect(cell(report, 'cold', 'hot')).toBe(1);
    expect(cell(report, 'hot', 'hot')).toBe(1);
    expect(cell(report, 'hot', 'cold')).toBe(0);
  });

  it('streams a million leads in constant memory and merges reports from several pages', () => {
    const a = shadowReport();
    const b = shadowReport();
    const tiers: Tier[] = ['hot', 'warm', 'cool', 'cold'];
    for (let i = 0; i < 1_000_000; i++) (i % 2 ? a : b).add(tiers[i % 4]!, tiers[(i * 7) % 4]!);
    const total = shadowReport();
    total.merge(a.report());
    total.merge(b.report());
    const report = total.report();
    expect(report.total).toBe(1_000_000);
    expect(report.moved).toBe(500_000);
    expect(report.upgrades + report.downgrades).toBe(report.moved);
  });

  it('refuses a tier it does not know', () => {
    expect(() => shadowReport().add('lukewarm' as Tier, 'hot')).toThrow('currentTier must be hot, warm, cool or cold (got "lukewarm")');
    expect(() => shadowReport().add('hot', '__proto__' as Tier)).toThrow(RangeError);
  });
});

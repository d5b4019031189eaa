import { compileRuleSet } from './compile-rule-set.js';
import { DAY_MS, decayFactor, engagementTotals } from './engagement-decay.js';
import type { DecaySchedule, ScoringRuleSet } from './rule-set.js';
import { score } from './score.js';

const NOW = Date.UTC(2025, 0, 15);

describe('decayFactor', () => {
  const halfLife: DecaySchedule = { kind: 'half-life', halfLifeDays: 14, maxAgeDays: 90 };
  it.each<[number, number]>([
    [-3, 1], // dated in the future (clock skew): counts as new
    [0, 1],
    [7, Math.SQRT1_2],
    [14, 0.5],
    [28, 0.25],
    [42, 0.125],
    [90, 0.5 ** (90 / 14)],
    [90.0001, 0],
    [400, 0],
  ])('half-life 14 days, max 90: at %p days keeps %p', (days, factor) => {
    expect(decayFactor(halfLife, days * DAY_MS)).toBeCloseTo(factor, 12);
  });

  it('half-life without a max age never reaches 0', () => {
    expect(decayFactor({ kind: 'half-life', halfLifeDays: 30 }, 3650 * DAY_MS)).toBeGreaterThan(0);
  });

  const steps: DecaySchedule = { kind: 'steps', steps: [{ afterDays: 7, keep: 0.5 }, { afterDays: 30, keep: 0.1 }, { afterDays: 90, keep: 0 }] };
  it.each<[number, number]>([
    [0, 1],
    [6.99, 1],
    [7, 0.5],
    [29, 0.5],
    [30, 0.1],
    [89.9, 0.1],
    [90, 0],
    [1000, 0],
  ])('steps 7/30/90: at %p days keeps %p', (days, factor) => {
    expect(decayFactor(steps, days * DAY_MS)).toBe(factor);
  });

  it('none keeps everything', () => {
    expect(decayFactor({ kind: 'none' }, 1000 * DAY_MS)).toBe(1);
  });
});

describe('engagementTotals', () => {
  it('sums per kind in 1/10,000 points, without machine opens', () => {
    const totals = engagementTotals(
      { open: 1, click: 4, reply: 15 },
      (age) => (age >= 10 * DAY_MS ? 0.5 : 1),
      [
        { kind: 'click', at: NOW - 20 * DAY_MS },
        { kind: 'click', at: NOW },
        { kind: 'open', at: NOW, machine: true },
        { kind: 'reply', at: NOW - DAY_MS },
      ],
      NOW,
    );
    expect(totals).toEqual([
      { kind: 'click', count: 2, fullPoints: 8, units: 60_000 },
      { kind: 'reply', count: 1, fullPoints: 15, units: 150_000 },
    ]);
  });
});

describe('score: engagement decays with time', () => {
  const ruleSet: ScoringRuleSet = {
    version: 1,
    fit: { rules: [] },
    intent: { rules: [] },
    engagement: { open: 2, click: 8, reply: 20, cap: 40, decay: { kind: 'half-life', halfLifeDays: 14, maxAgeDays: 60 } },
    tiers: { hot: 30, warm: 15, cool: 5 },
  };
  const compiled = compileRuleSet(ruleSet);
  const lead = { engagement: [{ kind: 'reply' as const, at: NOW }, { kind: 'click' as const, at: NOW }] };

  it.each<[number, number, string, string[]]>([
    [0, 28, 'warm', ['+8 1 click', '+20 1 reply']],
    [7, 19.8, 'warm', ['+5.66 1 click (8 before decay)', '+14.14 1 reply (20 before decay)']],
    [14, 14, 'cool', ['+4 1 click (8 before decay)', '+10 1 reply (20 before decay)']],
    [28, 7, 'cool', ['+2 1 click (8 before decay)', '+5 1 reply (20 before decay)']],
    [56, 1.75, 'cold', ['+0.5 1 click (8 before decay)', '+1.25 1 reply (20 before decay)']],
    [61, 0, 'cold', []],
  ])('%p days later: engagement %p, %s', (days, engagement, tier, reasons) => {
    const result = score(compiled, lead, NOW + days * DAY_MS);
    expect(result.engagement).toBe(engagement);
    expect(result.tier).toBe(tier);
    expect(result.contributions.map((c) => c.reason)).toEqual(reasons);
  });
});

import { compileRuleSet } from './compile-rule-set.js';
import { DAY_MS } from './engagement-decay.js';
import type { Tier, TierThresholds } from './rule-set.js';
import { score } from './score.js';
import { tierChange, tierFor, tierRank } from './tier.js';

describe('tierFor', () => {
  const tiers: TierThresholds = { hot: 75, warm: 55, cool: 35 };
  it.each<[number, Tier]>([
    [100, 'hot'],
    [75, 'hot'],
    [74, 'warm'],
    [55, 'warm'],
    [54, 'cool'],
    [35, 'cool'],
    [34, 'cold'],
    [0, 'cold'],
  ])('score %p is %s', (value, tier) => {
    expect(tierFor(value, tiers)).toBe(tier);
  });

  it('with cool at 0 nothing is cold', () => {
    expect(tierFor(0, { hot: 2, warm: 1, cool: 0 })).toBe('cool');
  });

  it('ranks tiers', () => {
    expect((['cold', 'cool', 'warm', 'hot'] as Tier[]).map(tierRank)).toEqual([0, 1, 2, 3]);
  });
});

describe('tierChange', () => {
  it('is null when the tier stays', () => {
    expect(tierChange({ tier: 'warm', score: 70 }, { tier: 'warm', score: 56 })).toBeNull();
  });

  it('records the first score', () => {
    expect(tierChange(null, { tier: 'hot', score: 80, fit: 50, intent: 20, engagement: 10.5 })).toEqual({
      from: null,
      to: 'hot',
      reason: 'first score 80 (fit +50, intent +20, engagement +10.5)',
    });
    expect(tierChange(null, { tier: 'cold', score: 0 })).toEqual({ from: null, to: 'cold', reason: 'first score 0' });
  });

  it('says only the score when that is all it has', () => {
    expect(tierChange({ tier: 'hot', score: 76 }, { tier: 'warm', score: 70 })).toEqual({ from: 'hot', to: 'warm', reason: 'score 76 → 70' });
  });

  it('names decayed engagement and the kinds that lost most', () => {
    const compiled = compileRuleSet({
      version: 1,
      fit: { rules: [{ id: 'vp', field: 'titleSeniority', operator: 'equals', value: 'vp', points: 50 }] },
      intent: { rules: [] },
      engagement: { open: 2, click: 8, reply: 20, cap: 40, decay: { kind: 'steps', steps: [{ afterDays: 14, keep: 0.5 }, { afterDays: 30, keep: 0 }] } },
      tiers: { hot: 75, warm: 55, cool: 35 },
    });
    const t0 = Date.UTC(2025, 2, 3);
    const lead = {
      title: 'VP Marketing',
      engagement: [
        { kind: 'click' as const, at: t0 },
        { kind: 'click' as const, at: t0 },
        { kind: 'open' as const, at: t0 },
        { kind: 'open' as const, at: t0 },
      ],
    };
    const before = score(compiled, lead, t0);
    const after = score(compiled, lead, t0 + 20 * DAY_MS);
    expect([before.score, before.tier, after.score, after.tier]).toEqual([70, 'warm', 60, 'warm']);
    const later = score(compiled, lead, t0 + 31 * DAY_MS);
    expect(tierChange(after, later)).toEqual({ from: 'warm', to: 'cool', reason: 'engagement decayed: -10 (click -8, open -2); score 60 → 50' });
    expect(tierChange(before, later)?.reason).toBe('engagement decayed: -20 (click -16, open -4); score 70 → 50');
  });

  it('orders sections by how much they moved and names a new rule-set version', () => {
    const previous = {
      tier: 'cool' as const,
      score: 40,
      fit: 30,
      intent: 5,
      engagement: 5,
      ruleSetVersion: 3,
      contributions: [
        { ruleId: 'vp', section: 'fit' as const, points: 30 },
        { ruleId: 'pricing', section: 'intent' as const, points: 5 },
        { ruleId: 'engagement.open', section: 'engagement' as const, points: 5 },
      ],
    };
    const next = {
      tier: 'hot' as const,
      score: 80,
      fit: 60,
      intent: 15,
      engagement: 5,
      ruleSetVersion: 4,
      contributions: [
        { ruleId: 'vp', section: 'fit' as const, points: 40 },
        { ruleId: 'saas', section: 'fit' as const, points: 20 },
        { ruleId: 'pricing', section: 'intent' as const, points: 15 },
        { ruleId: 'engagement.open', section: 'engagement' as const, points: 5 },
      ],
    };
    expect(tierChange(previous, next)).toEqual({
      from: 'cool',
      to: 'hot',
      reason: 'fit +30 (saas +20, vp +10); intent +10 (pricing +10); rule set v3 → v4; score 40 → 80',
    });
  });
});

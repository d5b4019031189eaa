import { inRoutingOrder, needsRouting, selectLeadsToRoute, tiersById, type ExistingRoute } from './lead-selection.js';
import type { LeadTier as ScoredLead } from '#libs/contracts';

const route = (outcome: ExistingRoute['outcome'], tier: ExistingRoute['tier'] = 'warm', stageChanged = false): ExistingRoute => ({ outcome, tier, stageChanged });

describe('needsRouting', () => {
  it('routes a lead with no route yet', () => {
    expect(needsRouting(undefined, 'cold')).toBe(true);
  });

  it('never re-routes an enrolled lead, even when its tier changed', () => {
    expect(needsRouting(route('enrol', 'warm'), 'hot')).toBe(false);
  });

  it('judges skipped leads again on every run', () => {
    expect(needsRouting(route('skipped', 'warm'), 'warm')).toBe(true);
  });

  it('judges held leads again only when their tier changed', () => {
    for (const outcome of ['not-enrolled', 'blocked', 'review'] as const) {
      expect(needsRouting(route(outcome, 'cool'), 'cool')).toBe(false);
      expect(needsRouting(route(outcome, 'cool'), 'warm')).toBe(true);
    }
  });

  it('judges blocked and review leads again when their stage changed, not-enrolled ones not', () => {
    expect(needsRouting(route('blocked', 'warm', true), 'warm')).toBe(true);
    expect(needsRouting(route('review', 'warm', true), 'warm')).toBe(true);
    expect(needsRouting(route('not-enrolled', 'cold', true), 'cold')).toBe(false);
  });
});

describe('selectLeadsToRoute', () => {
  it('keeps page order and counts what it leaves alone', () => {
    const existing = new Map<string, ExistingRoute>([
      ['a', route('enrol', 'hot')],
      ['b', route('not-enrolled', 'cold')],
      ['c', route('not-enrolled', 'cold')],
      ['d', route('skipped', 'warm')],
    ]);
    const tiers = tiersById([
      { leadId: 'b', tier: 'cold', score: 10, ruleSetVersion: 1 },
      { leadId: 'c', tier: 'warm', score: 60, ruleSetVersion: 1 },
      { leadId: 'd', tier: 'warm', score: 60, ruleSetVersion: 1 },
      { leadId: 'f', tier: 'hot', score: 90, ruleSetVersion: 1 },
    ]);
    const selection = selectLeadsToRoute(['a', 'b', 'c', 'd', 'e', 'f'], existing, tiers);
    expect(selection.toRoute).toEqual([
      { leadId: 'c', tier: 'warm' },
      { leadId: 'd', tier: 'warm' },
      { leadId: 'f', tier: 'hot' },
    ]);
    expect(selection.alreadyRouted).toBe(2);
    expect(selection.unscored).toBe(1);
  });

  it('reads an unknown tier as not scored', () => {
    const tiers = tiersById([{ leadId: 'x', tier: 'lukewarm', score: 50, ruleSetVersion: 1 } as unknown as ScoredLead]);
    expect(selectLeadsToRoute(['x'], new Map(), tiers)).toEqual({ toRoute: [], alreadyRouted: 0, unscored: 1 });
  });
});

describe('inRoutingOrder', () => {
  it('puts hot leads first and keeps page order within a tier', () => {
    const leads = [
      { leadId: 'a', tier: 'cold' as const },
      { leadId: 'b', tier: 'warm' as const },
      { leadId: 'c', tier: 'hot' as const },
      { leadId: 'd', tier: 'warm' as const },
      { leadId: 'e', tier: 'hot' as const },
    ];
    expect(inRoutingOrder(leads).map((l) => l.leadId)).toEqual(['c', 'e', 'b', 'd', 'a']);
  });
});

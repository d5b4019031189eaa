import { DEMO_ROUTING_RULE_SET } from './demo-routing-rules.js';
import type { LeadTier } from './routing-rule-set.js';
import { sequenceForTier } from './tier-sequence.js';

describe('sequenceForTier', () => {
  it.each<[LeadTier, string | null]>([
    ['hot', 'demo-hot-personal'],
    ['warm', 'demo-warm'],
    ['cool', 'demo-cool-slow'],
    ['cold', null],
  ])('%s → %s', (tier, sequence) => {
    expect(sequenceForTier(DEMO_ROUTING_RULE_SET, tier)).toBe(sequence);
  });

  it.each(['lukewarm', 'toString', '__proto__'])('a tier the rule set does not know (%s) is not enrolled', (tier) => {
    expect(sequenceForTier(DEMO_ROUTING_RULE_SET, tier as LeadTier)).toBeNull();
  });
});

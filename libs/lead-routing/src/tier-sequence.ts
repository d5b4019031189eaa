/** Tier → sequence: hot leads get the short, personal sequence; cool leads the slow one; cold usually none. */
import type { LeadTier, RoutingRuleSet } from './routing-rule-set.js';

/**
 * The sequence a lead of this tier is enrolled in, or null when the tier is not enrolled. A tier the rule set
 * does not know (a value from an older scorer, say) is treated as not enrolled rather than guessed.
 */
export function sequenceForTier(ruleSet: Pick<RoutingRuleSet, 'sequences'>, tier: LeadTier): string | null {
  return Object.hasOwn(ruleSet.sequences, tier) ? ruleSet.sequences[tier] : null;
}

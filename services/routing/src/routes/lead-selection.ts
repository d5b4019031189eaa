/**
 * Which qualified leads a routing run judges. Routing is idempotent per lead and campaign:
 *  - no route yet: route it;
 *  - `enrol`: final. The lead has its sequence and owner and the nurture stage takes it from there; a later tier
 *    change does not move it to another sequence or owner (that is the nurture sequence's business);
 *  - `skipped` ("not now": caps, owners full, active elsewhere): judged again on every run;
 *  - `not-enrolled`, `blocked`, `review`: judged again only when the lead's tier changed since it was routed, or,
 *    for `blocked` and `review`, when its stage changed since (a do-not-contact stage may have been lifted).
 * Within a page hot leads are routed first, then warm, cool and cold, so daily caps and owner capacity are spent
 * on the best leads of the page.
 */
import { LEAD_TIERS, type LeadTier, type RouteOutcome } from '#libs/lead-routing';
import type { LeadTier as ScoredLead } from '#libs/contracts';

export interface ExistingRoute {
  tier: LeadTier;
  outcome: RouteOutcome;
  /** The lead's stage was set after it was routed. */
  stageChanged: boolean;
}

export interface LeadToJudge {
  leadId: string;
  tier: LeadTier;
}

/** An enrolled lead is never re-routed, so it needs no tier, facts or guardrails. */
export function isFinalRoute(existing: ExistingRoute | undefined): boolean {
  return existing?.outcome === 'enrol';
}

export function needsRouting(existing: ExistingRoute | undefined, tier: LeadTier): boolean {
  if (!existing) return true;
  switch (existing.outcome) {
    case 'enrol':
      return false;
    case 'skipped':
      return true;
    case 'not-enrolled':
      return existing.tier !== tier;
    case 'blocked':
    case 'review':
      return existing.tier !== tier || existing.stageChanged;
  }
}

const tierNames: ReadonlySet<string> = new Set(LEAD_TIERS);

/** Current tiers by lead id; a tier this routing does not know reads as "not scored" rather than guessed. */
export function tiersById(scored: readonly ScoredLead[]): Map<string, LeadTier> {
  const out = new Map<string, LeadTier>();
  for (const s of scored) if (tierNames.has(s.tier)) out.set(s.leadId, s.tier);
  return out;
}

export interface LeadSelection {
  toRoute: LeadToJudge[];
  /** Routed before and nothing changed that would alter the decision. */
  alreadyRouted: number;
  /** Qualified but without a tier from scoring: left for a later run. */
  unscored: number;
}

/** Splits a page of lead ids (in page order) into leads to route now and leads left as they are. */
export function selectLeadsToRoute(leadIds: readonly string[], existing: ReadonlyMap<string, ExistingRoute>, tiers: ReadonlyMap<string, LeadTier>): LeadSelection {
  const toRoute: LeadToJudge[] = [];
  let alreadyRouted = 0;
  let unscored = 0;
  for (const leadId of leadIds) {
    const route = existing.get(leadId);
    if (isFinalRoute(route)) {
      alreadyRouted++;
      continue;
    }
    const tier = tiers.get(leadId);
    if (tier === undefined) unscored++;
    else if (needsRouting(route, tier)) toRoute.push({ leadId, tier });
    else alreadyRouted++;
  }
  return { toRoute, alreadyRouted, unscored };
}

// TIERS is hottest first.
const TIER_RANK = Object.fromEntries(LEAD_TIERS.map((tier, rank) => [tier, rank])) as Record<LeadTier, number>;

/** Hot first, then warm, cool, cold; page (lead id) order within a tier, so the order is deterministic. */
export function inRoutingOrder<T extends LeadToJudge>(leads: readonly T[]): T[] {
  return leads
    .map((lead, i) => ({ lead, i }))
    .sort((a, b) => TIER_RANK[a.lead.tier] - TIER_RANK[b.lead.tier] || a.i - b.i)
    .map((x) => x.lead);
}

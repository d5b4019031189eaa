/**
 * Internal HTTP contracts between stage services. Each service owns its tables and serves what others need from
 * them; nobody reads another service's schema. Bodies are JSON; pages use keyset cursors on the lead id.
 *
 *   harvest       POST /internal/lead-facts/page       { campaignId, after, limit } → LeadFactsPage
 *                 POST /internal/lead-facts/by-ids     { ids }                      → { items: LeadFacts[] }
 *   scoring       POST /internal/scores/by-ids         { campaignId, ids }          → { items: LeadTier[] }
 *   qualification POST /internal/qualified/page        { campaignId, after, limit } → QualifiedPage
 *
 * Rule sets (scoring, qualification, routing) share one shape of internal routes, under /internal/campaigns/:id/rule-sets
 * (see libs/rule-set-store), which the API service forwards to.
 */

export const STAGE_PAGE_MAX = 10_000;

/** What a stage needs to know about a lead: the harvest record's judged fields, no personal notes beyond them. */
export interface LeadFacts {
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  company: string | null;
  companyDomain: string | null;
  industry: string | null;
  employeeCount: number | null;
  revenueBand: string | null;
  country: string | null;
  /** ISO 3166-2 subdivision ("ES-MD"), in `country` when both are set. */
  region: string | null;
  timeZone: string | null;
  technologies: string[];
  notes: string | null;
  /** ISO time the lead's fields last changed; a stage re-judges a lead when this moves. */
  updatedAt: string;
}

export interface LeadFactsPageRequest {
  campaignId: string;
  after: string | null;
  limit: number;
}

export interface LeadFactsPage {
  items: LeadFacts[];
  /** Pass as `after` for the next page; null at the end. */
  next: string | null;
}

/** Lead tiers, hottest first. The scoring and routing migrations repeat the list in CHECK constraints. */
export const TIERS = ['hot', 'warm', 'cool', 'cold'] as const;
export type Tier = (typeof TIERS)[number];

export interface LeadTier {
  leadId: string;
  score: number;
  tier: Tier;
  ruleSetVersion: number;
}

export interface QualifiedLead {
  leadId: string;
  emailVerdict: 'valid' | 'risky' | 'invalid';
  ruleSetVersion: number;
}

export interface QualifiedPage {
  items: QualifiedLead[];
  next: string | null;
}

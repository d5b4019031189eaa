import type { Tier } from './stage-data.js';

/**
 * Routing's enrolled routes of one campaign, paged by lead id, for the nurture service's admission:
 *
 *   routing  POST /internal/routes/enrolled/page  { campaignId, after, limit } → EnrolledRoutesPage
 */
export interface EnrolledRoute {
  leadId: string;
  tier: Tier;
  sequenceId: string;
  ownerId: string;
  routedAt: string;
}

export interface EnrolledRoutesPageRequest {
  campaignId: string;
  /** Lead id cursor: the `next` of the previous page, null for the first. */
  after: string | null;
  limit: number;
}

export interface EnrolledRoutesPage {
  items: EnrolledRoute[];
  next: string | null;
}

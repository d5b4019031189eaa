import type { LeadFacts, LeadFactsPage, LeadFactsPageRequest, LeadTier, QualifiedPage } from '#libs/contracts';
import { postStageJson } from './stage-http.js';

/** Harvest's lead facts, for the judging stages. */
export class LeadFactsClient {
  constructor(private readonly baseUrl: string) {}

  page(request: LeadFactsPageRequest): Promise<LeadFactsPage> {
    return postStageJson('harvest', this.baseUrl, '/internal/lead-facts/page', request);
  }

  async byIds(ids: readonly string[]): Promise<LeadFacts[]> {
    if (ids.length === 0) return [];
    return (await postStageJson<{ items: LeadFacts[] }>('harvest', this.baseUrl, '/internal/lead-facts/by-ids', { ids })).items;
  }
}

/** Scoring's current tiers, for routing. */
export class LeadTiersClient {
  constructor(private readonly baseUrl: string) {}

  async byIds(campaignId: string, ids: readonly string[]): Promise<LeadTier[]> {
    if (ids.length === 0) return [];
    return (await postStageJson<{ items: LeadTier[] }>('scoring', this.baseUrl, '/internal/scores/by-ids', { campaignId, ids })).items;
  }
}

/** Qualification's qualified leads, for routing. */
export class QualifiedLeadsClient {
  constructor(private readonly baseUrl: string) {}

  page(request: LeadFactsPageRequest): Promise<QualifiedPage> {
    return postStageJson('qualification', this.baseUrl, '/internal/qualified/page', request);
  }
}

import type { EnrolledRoutesPage, EnrolledRoutesPageRequest, LeadFacts, LeadFactsPage, LeadFactsPageRequest, LeadTier, QualifiedPage } from '#libs/contracts';
import { ServiceHttpClient } from './stage-http.js';

/** Harvest's lead facts, for the judging stages. */
export class LeadFactsClient {
  private readonly http: ServiceHttpClient;

  /** `internalToken`: the caller's INTERNAL_API_TOKEN, which harvest's internal routes require. */
  constructor(baseUrl: string, internalToken?: string) {
    this.http = new ServiceHttpClient('harvest', baseUrl, undefined, internalToken);
  }

  page(request: LeadFactsPageRequest): Promise<LeadFactsPage> {
    return this.http.postJson('/internal/lead-facts/page', request);
  }

  async byIds(ids: readonly string[]): Promise<LeadFacts[]> {
    if (ids.length === 0) return [];
    return (await this.http.postJson<{ items: LeadFacts[] }>('/internal/lead-facts/by-ids', { ids })).items;
  }
}

/** Scoring's current tiers, for routing. */
export class LeadTiersClient {
  private readonly http: ServiceHttpClient;

  constructor(baseUrl: string, internalToken?: string) {
    this.http = new ServiceHttpClient('scoring', baseUrl, undefined, internalToken);
  }

  async byIds(campaignId: string, ids: readonly string[]): Promise<LeadTier[]> {
    if (ids.length === 0) return [];
    return (await this.http.postJson<{ items: LeadTier[] }>('/internal/scores/by-ids', { campaignId, ids })).items;
  }
}

/** Qualification's qualified leads, for routing. */
export class QualifiedLeadsClient {
  private readonly http: ServiceHttpClient;

  constructor(baseUrl: string, internalToken?: string) {
    this.http = new ServiceHttpClient('qualification', baseUrl, undefined, internalToken);
  }

  page(request: LeadFactsPageRequest): Promise<QualifiedPage> {
    return this.http.postJson('/internal/qualified/page', request);
  }
}

/** Routing's enrolled routes, for nurture's admission. */
export class EnrolledRoutesClient {
  private readonly http: ServiceHttpClient;

  constructor(baseUrl: string, internalToken?: string) {
    this.http = new ServiceHttpClient('routing', baseUrl, undefined, internalToken);
  }

  page(request: EnrolledRoutesPageRequest): Promise<EnrolledRoutesPage> {
    return this.http.postJson('/internal/routes/enrolled/page', request);
  }
}

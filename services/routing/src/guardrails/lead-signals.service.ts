import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { EnrolledRoutesPage, EnrolledRoutesPageRequest, Tier } from '#libs/contracts';

export interface LeadStageView {
  leadId: string;
  stage: string | null;
  updatedAt: string;
}

export interface ActiveEnrolment {
  leadId: string;
  campaignId: string;
  sequenceId: string;
  ownerId: string;
  routedAt: string;
}

/**
 * The facts routing's guardrails read that no other stage keeps: a lead's lifecycle stage (for the do-not-contact
 * set) and replies per account (for "a colleague already replied"); and, for other services, who is enrolled.
 */
@Injectable()
export class LeadSignalsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Sets (or clears, with null) a lead's stage; the time moves only when the stage really changes. */
  async setStage(leadId: string, stage: string | null): Promise<LeadStageView> {
    const [row]: Array<{ stage: string | null; updated_at: Date }> = await this.db.query(
      `WITH upsert AS (
         INSERT INTO routing.lead_stages AS s (lead_id, stage) VALUES ($1, $2)
         ON CONFLICT (lead_id) DO UPDATE SET stage = EXCLUDED.stage, updated_at = now()
         WHERE s.stage IS DISTINCT FROM EXCLUDED.stage
         RETURNING stage, updated_at
       )
       SELECT stage, updated_at FROM upsert
       UNION ALL
       SELECT stage, updated_at FROM routing.lead_stages WHERE lead_id = $1 AND NOT EXISTS (SELECT 1 FROM upsert)`,
      [leadId, stage],
    );
    return { leadId, stage: row!.stage, updatedAt: row!.updated_at.toISOString() };
  }

  /** Records that a lead at this company replied; the same reply twice is one. */
  async recordAccountReply(companyDomain: string, leadId: string, repliedAt: string): Promise<{ recorded: boolean }> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO routing.account_replies (company_domain, replied_at, lead_id) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [companyDomain, repliedAt, leadId],
    );
    return { recorded: rows.length > 0 };
  }

  /** Which of these leads are enrolled, in which campaign and sequence, with which owner. */
  async activeEnrolments(leadIds: readonly string[]): Promise<ActiveEnrolment[]> {
    if (leadIds.length === 0) return [];
    const rows: Array<{ lead_id: string; campaign_id: string; sequence_id: string; owner_id: string; routed_at: Date }> = await this.db.query(
      `SELECT lead_id, campaign_id, sequence_id, owner_id, routed_at FROM routing.routes
       WHERE lead_id = ANY($1::uuid[]) AND outcome = 'enrol' ORDER BY lead_id, campaign_id`,
      [leadIds],
    );
    return rows.map((r) => ({ leadId: r.lead_id, campaignId: r.campaign_id, sequenceId: r.sequence_id, ownerId: r.owner_id, routedAt: r.routed_at.toISOString() }));
  }

  /**
   * A campaign's enrolled routes in lead-id order, for nurture's admission. Keyset on the primary key
   * (campaign_id, lead_id); `next` is the page's last lead id while the page is full.
   */
  async enrolledPage(request: EnrolledRoutesPageRequest): Promise<EnrolledRoutesPage> {
    const rows: Array<{ lead_id: string; tier: Tier; sequence_id: string; owner_id: string; routed_at: Date }> = await this.db.query(
      `SELECT lead_id, tier, sequence_id, owner_id, routed_at FROM routing.routes
       WHERE campaign_id = $1 AND outcome = 'enrol' AND ($2::uuid IS NULL OR lead_id > $2::uuid)
       ORDER BY lead_id LIMIT $3`,
      [request.campaignId, request.after, request.limit],
    );
    const items = rows.map((r) => ({ leadId: r.lead_id, tier: r.tier, sequenceId: r.sequence_id, ownerId: r.owner_id, routedAt: r.routed_at.toISOString() }));
    return { items, next: items.length === request.limit ? items[items.length - 1]!.leadId : null };
  }
}

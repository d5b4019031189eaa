import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface LeadStandings {
  stage: string | null;
  /** Sequence of the lead's enrolment in another campaign (the latest, if several). */
  activeSequence: string | null;
}

/** The guardrail facts routing keeps itself, read for a whole page in set-based statements. */
@Injectable()
export class GuardrailFactsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Each lead's stage and its enrolment in another campaign; leads with neither are left out. */
  async standings(campaignId: string, leadIds: readonly string[]): Promise<Map<string, LeadStandings>> {
    const out = new Map<string, LeadStandings>();
    if (leadIds.length === 0) return out;
    const rows: Array<{ leadId: string; stage: string | null; activeSequence: string | null }> = await this.db.query(
      `(SELECT lead_id AS "leadId", stage, NULL::text AS "activeSequence"
          FROM routing.lead_stages WHERE lead_id = ANY($2::uuid[]) AND stage IS NOT NULL)
       UNION ALL
       (SELECT DISTINCT ON (lead_id) lead_id, NULL::text, sequence_id
          FROM routing.routes WHERE lead_id = ANY($2::uuid[]) AND outcome = 'enrol' AND campaign_id <> $1
          ORDER BY lead_id, routed_at DESC)`,
      [campaignId, leadIds],
    );
    for (const r of rows) {
      const seen = out.get(r.leadId) ?? { stage: null, activeSequence: null };
      out.set(r.leadId, { stage: r.stage ?? seen.stage, activeSequence: r.activeSequence ?? seen.activeSequence });
    }
    return out;
  }

  /** The latest reply by someone else at each lead's company domain (account key), epoch ms. */
  async colleagueReplies(leads: ReadonlyArray<{ leadId: string; domain: string | null }>): Promise<Map<string, number>> {
    const withDomain = leads.filter((l) => l.domain !== null);
    if (withDomain.length === 0) return new Map();
    const rows: Array<{ leadId: string; repliedAt: Date }> = await this.db.query(
      `SELECT DISTINCT ON (p.lead_id) p.lead_id AS "leadId", a.replied_at AS "repliedAt"
       FROM unnest($1::uuid[], $2::text[]) AS p(lead_id, domain)
       JOIN routing.account_replies a ON a.company_domain = p.domain AND a.lead_id <> p.lead_id
       ORDER BY p.lead_id, a.replied_at DESC`,
      [withDomain.map((l) => l.leadId), withDomain.map((l) => l.domain)],
    );
    return new Map(rows.map((r) => [r.leadId, r.repliedAt.getTime()]));
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { STAGE_PAGE_MAX, type LeadFacts, type LeadFactsPage } from '#libs/contracts';
import { HarvestError, assertCampaignId } from '../harvest-errors.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Built in SQL so a page of thousands of leads is one round trip of ready JSON objects.
const factsJson = `json_build_object(
  'id', l.id, 'email', l.email, 'firstName', l.first_name, 'lastName', l.last_name, 'title', l.title,
  'company', l.company, 'companyDomain', l.company_domain, 'industry', l.industry, 'employeeCount', l.employee_count,
  'revenueBand', l.revenue_band, 'country', l.country, 'region', l.region, 'timeZone', l.time_zone, 'technologies', l.technologies,
  'notes', l.notes, 'updatedAt', l.updated_at)`;

/** What the judging stages read about leads: harvest owns the rows and serves them by campaign page or by id. */
@Injectable()
export class LeadFactsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async page(body: { campaignId?: unknown; after?: unknown; limit?: unknown }): Promise<LeadFactsPage> {
    const campaignId = assertCampaignId(body?.campaignId);
    const after = body.after === null || body.after === undefined ? null : this.uuid(body.after, 'after');
    const limit = this.limit(body.limit);
    const rows: Array<{ f: LeadFacts }> = await this.db.query(
      // The page's ids first, from the membership key alone; then their leads by primary key. Joining first let the
      // planner merge-join leads from its start on every page, so each page cost more than the one before.
      `SELECT ${factsJson} AS f
       FROM (SELECT lead_id FROM harvest.lead_campaigns
             WHERE campaign_id = $1 AND ($2::uuid IS NULL OR lead_id > $2::uuid) ORDER BY lead_id LIMIT $3) c
       CROSS JOIN LATERAL (SELECT * FROM harvest.leads WHERE id = c.lead_id) l
       ORDER BY c.lead_id`,
      [campaignId, after, limit],
    );
    const items = rows.map((r) => r.f);
    return { items, next: items.length === limit ? items[items.length - 1]!.id : null };
  }

  async byIds(body: { ids?: unknown }): Promise<{ items: LeadFacts[] }> {
    if (!Array.isArray(body?.ids) || body.ids.length > STAGE_PAGE_MAX) {
      throw new HarvestError('invalid_lead', `ids must be an array of at most ${STAGE_PAGE_MAX} lead ids`, [{ field: 'ids', message: 'not an array of lead ids' }]);
    }
    const ids = body.ids.map((id, i) => this.uuid(id, `ids[${i}]`));
    const rows: Array<{ f: LeadFacts }> = await this.db.query(`SELECT ${factsJson} AS f FROM harvest.leads l WHERE l.id = ANY($1::uuid[])`, [ids]);
    return { items: rows.map((r) => r.f) };
  }

  private uuid(value: unknown, field: string): string {
    if (typeof value !== 'string' || !uuidPattern.test(value)) throw new HarvestError('invalid_lead', `${field} must be a lead id`, [{ field, message: 'not a lead id' }]);
    return value;
  }

  private limit(value: unknown): number {
    if (value === undefined) return 1000;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > STAGE_PAGE_MAX) {
      throw new HarvestError('invalid_lead', `limit must be an integer from 1 to ${STAGE_PAGE_MAX}`, [{ field: 'limit', message: 'out of range' }]);
    }
    return value;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { LeadInput, LeadSource } from '#libs/lead-intake';
import { HarvestError } from '../harvest-errors.js';
import { LeadBatchWriter } from './lead-batch-writer.js';
import { decodeCursor, encodeCursor } from './lead-cursor.js';
import { Lead } from './lead.entity.js';
import { toLeadView, type LeadView, type ProvenanceRow } from './lead-view.js';
import { withPgClient } from './pg-client.js';

export interface LeadFilter {
  campaignId?: string;
  source?: string;
  country?: string;
  industry?: string;
  /** Prefix of email or company, case-insensitive. */
  q?: string;
  cursor?: string;
  limit: number;
}

@Injectable()
export class LeadsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(filter: LeadFilter): Promise<{ items: LeadView[]; nextCursor: string | null }> {
    const qb = this.db.getRepository(Lead).createQueryBuilder('l').addSelect('l.created_at::text', 'cursor_ts');
    if (filter.campaignId) qb.andWhere('EXISTS (SELECT 1 FROM harvest.lead_campaigns c WHERE c.lead_id = l.id AND c.campaign_id = :campaignId)', { campaignId: filter.campaignId });
    if (filter.source) qb.andWhere('EXISTS (SELECT 1 FROM harvest.lead_provenance p WHERE p.lead_id = l.id AND p.source = :source)', { source: filter.source });
    if (filter.country) qb.andWhere('l.country = :country', { country: filter.country.toUpperCase() });
    if (filter.industry) qb.andWhere('lower(l.industry) = lower(:industry)', { industry: filter.industry });
    if (filter.q) qb.andWhere('(l.email LIKE :q OR lower(l.company) LIKE :q)', { q: escapeLike(filter.q.toLowerCase()) + '%' });
    if (filter.cursor) {
      const c = decodeCursor(filter.cursor);
      if (!c) throw new HarvestError('invalid_lead', 'cursor is not one this API issued', [{ field: 'cursor', message: 'invalid cursor' }]);
      qb.andWhere('(l.created_at, l.id) > (:ts::timestamptz, :id::uuid)', { ts: c.createdAt, id: c.id });
    }
    qb.orderBy('l.created_at', 'ASC').addOrderBy('l.id', 'ASC').take(filter.limit + 1);
    const { entities, raw } = await qb.getRawAndEntities<{ cursor_ts: string }>();
    const page = entities.slice(0, filter.limit);
    const campaigns = await this.campaignsOf(page.map((l) => l.id));
    const last = page.length ? raw[page.length - 1] : undefined;
    return {
      items: page.map((l) => toLeadView(l, campaigns.get(l.id) ?? [])),
      nextCursor: entities.length > filter.limit && last ? encodeCursor({ createdAt: last.cursor_ts, id: page[page.length - 1].id }) : null,
    };
  }

  async get(id: string): Promise<LeadView> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new HarvestError('lead_not_found', `no lead ${id}`);
    const lead = await this.db.getRepository(Lead).findOneBy({ id });
    if (!lead) throw new HarvestError('lead_not_found', `no lead ${id}`);
    const provenance: ProvenanceRow[] = await this.db.query(
      `SELECT source, first_seen_at, last_seen_at, times_seen, import_id, line, request_id, source_ref, refused_fields
       FROM harvest.lead_provenance WHERE lead_id = $1 ORDER BY first_seen_at`,
      [id],
    );
    const campaigns = await this.campaignsOf([id]);
    return toLeadView(lead, campaigns.get(id) ?? [], provenance);
  }

  /** One lead from a person or a form: same merge path as imports, so precedence and provenance hold. */
  async upsertOne(lead: LeadInput, origin: { source: LeadSource; campaignId: string; requestId: string; sourceRef?: string }) {
    const result = await withPgClient(this.db, (client) =>
      new LeadBatchWriter(client).write([{ lead }], { ...origin, seenAt: new Date() }),
    );
    const [row]: Array<{ id: string }> = await this.db.query(`SELECT id FROM harvest.leads WHERE email = $1`, [lead.email]);
    return { id: row.id, created: result.created === 1 };
  }

  private async campaignsOf(ids: string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (ids.length === 0) return map;
    const rows: Array<{ lead_id: string; campaign_id: string }> = await this.db.query(
      `SELECT lead_id, campaign_id FROM harvest.lead_campaigns WHERE lead_id = ANY($1::uuid[]) ORDER BY first_seen_at`,
      [ids],
    );
    for (const r of rows) map.set(r.lead_id, [...(map.get(r.lead_id) ?? []), r.campaign_id]);
    return map;
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

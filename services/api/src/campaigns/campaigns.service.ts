import { Injectable } from '@nestjs/common';
import { DEFAULT_SEND_WINDOW } from '#libs/contracts';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ApiError } from '../api-errors.js';
import { Campaign, toCampaignView, type CampaignStatus } from './campaign.entity.js';
import type { CreateCampaignDto } from './campaign.dto.js';
import { NurtureGateway } from '../leads/service-gateway.js';

@Injectable()
export class CampaignsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly nurture: NurtureGateway,
  ) {}

  async create(dto: CreateCampaignDto) {
    const repo = this.db.getRepository(Campaign);
    if (await repo.existsBy({ id: dto.id })) throw new ApiError('campaign_exists', `campaign ${dto.id} already exists`, [{ field: 'id', message: 'already taken' }]);
    const timeZone = dto.timeZone ?? 'UTC';
    await this.tellNurture(dto.id, timeZone);
    await this.db.query(`INSERT INTO api.campaigns (id, name, time_zone) VALUES ($1, $2, $3)`, [dto.id, dto.name, timeZone]);
    return this.get(dto.id);
  }

  /**
   * Nurture sends in the campaign's zone (its default window: Monday to Friday, 09:00-17:00 there), so it learns
   * the zone before the campaign exists: if it cannot, nothing is stored and the caller is told to try again,
   * rather than a campaign whose sends would follow UTC.
   */
  private async tellNurture(id: string, timeZone: string): Promise<void> {
    try {
      await this.nurture.put(`/internal/campaigns/${encodeURIComponent(id)}/nurture-settings`, { timeZone, window: DEFAULT_SEND_WINDOW });
    } catch (err) {
      throw new ApiError('service_unavailable', `campaign ${id} was not created: the nurture service could not record its time zone (${(err as Error).message}); nothing was stored, try again`);
    }
  }

  async list() {
    return (await this.db.getRepository(Campaign).find({ order: { createdAt: 'ASC' } })).map(toCampaignView);
  }

  async get(id: string) {
    const c = await this.db.getRepository(Campaign).findOneBy({ id });
    if (!c) throw new ApiError('campaign_not_found', `no campaign ${id}`);
    return toCampaignView(c);
  }

  async exists(id: string) {
    return this.db.getRepository(Campaign).existsBy({ id });
  }

  async setStatus(id: string, status: CampaignStatus) {
    await this.get(id);
    await this.db.query(`UPDATE api.campaigns SET status = $2, updated_at = now() WHERE id = $1`, [id, status]);
    return this.get(id);
  }

  async active(onlyId?: string) {
    const rows: Array<{ id: string; name: string }> = await this.db.query(
      `SELECT id, name FROM api.campaigns WHERE status = 'active' AND ($1::text IS NULL OR id = $1) ORDER BY created_at`,
      [onlyId ?? null],
    );
    return rows;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { HarvestSourceKind } from '#libs/contracts';
import type { BreakerState, RateUsage } from '#libs/source-fallback';
import { HarvestError, assertCampaignId } from '../harvest-errors.js';

export interface CampaignSource {
  source: HarvestSourceKind;
  enabled: boolean;
  settings: Record<string, unknown>;
}

const KINDS: HarvestSourceKind[] = ['drop-folder', 'people-search'];
/** A campaign nobody configured pulls its drop folder, then people search (when a connector is configured). */
const DEFAULT_CHAIN: CampaignSource[] = [
  { source: 'drop-folder', enabled: true, settings: {} },
  { source: 'people-search', enabled: true, settings: {} },
];

/** The campaign's fallback chain and each source's health (circuit breaker, request budget). */
@Injectable()
export class CampaignSourcesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async chain(campaignId: string): Promise<CampaignSource[]> {
    const rows: Array<{ source: HarvestSourceKind; enabled: boolean; settings: Record<string, unknown> }> = await this.db.query(
      `SELECT source, enabled, settings FROM harvest.campaign_sources WHERE campaign_id = $1 ORDER BY position`,
      [campaignId],
    );
    return rows.length ? rows : DEFAULT_CHAIN;
  }

  /** Replace the chain whole: order is the fallback order. */
  async setChain(campaignId: string, sources: unknown): Promise<CampaignSource[]> {
    assertCampaignId(campaignId);
    const chain = parseChain(sources);
    await this.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM harvest.campaign_sources WHERE campaign_id = $1`, [campaignId]);
      for (const [position, s] of chain.entries()) {
        await tx.query(
          `INSERT INTO harvest.campaign_sources (campaign_id, source, position, enabled, settings) VALUES ($1, $2, $3, $4, $5)`,
          [campaignId, s.source, position, s.enabled, JSON.stringify(s.settings)],
        );
      }
    });
    return chain;
  }

  async breakers(scope: string): Promise<Partial<Record<HarvestSourceKind, BreakerState>>> {
    const rows: Array<{ source: HarvestSourceKind; breaker: BreakerState }> = await this.db.query(
      `SELECT source, breaker FROM harvest.source_health WHERE scope = $1`,
      [scope],
    );
    return Object.fromEntries(rows.map((r) => [r.source, r.breaker]));
  }

  async saveBreaker(scope: string, source: HarvestSourceKind, breaker: BreakerState, lastError: string | null): Promise<void> {
    await this.db.query(
      `INSERT INTO harvest.source_health (scope, source, breaker, last_error, updated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (scope, source) DO UPDATE SET breaker = EXCLUDED.breaker, last_error = EXCLUDED.last_error, updated_at = now()`,
      [scope, source, JSON.stringify(breaker), lastError],
    );
  }

  /** Request budgets belong to the API key, so they are kept under one global scope shared by all campaigns. */
  async usage(source: HarvestSourceKind): Promise<RateUsage | undefined> {
    const [row]: Array<{ usage: RateUsage | null }> = await this.db.query(
      `SELECT usage FROM harvest.source_health WHERE scope = '*' AND source = $1`,
      [source],
    );
    return row?.usage ?? undefined;
  }

  async saveUsage(source: HarvestSourceKind, usage: RateUsage): Promise<void> {
    await this.db.query(
      `INSERT INTO harvest.source_health (scope, source, usage, updated_at) VALUES ('*', $1, $2, now())
       ON CONFLICT (scope, source) DO UPDATE SET usage = EXCLUDED.usage, updated_at = now()`,
      [source, JSON.stringify(usage)],
    );
  }
}

function parseChain(input: unknown): CampaignSource[] {
  const details: Array<{ field: string; message: string }> = [];
  if (!Array.isArray(input) || input.length === 0) {
    throw new HarvestError('invalid_sources', 'sources must be a non-empty array', [{ field: 'sources', message: 'expected an array' }]);
  }
  const seen = new Set<string>();
  const chain: CampaignSource[] = [];
  input.forEach((raw, i) => {
    const at = `sources[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return details.push({ field: at, message: 'must be an object' });
    const { source, enabled = true, settings = {}, ...rest } = raw as Record<string, unknown>;
    for (const key of Object.keys(rest)) details.push({ field: `${at}.${key}`, message: `unknown property ${key}` });
    if (!KINDS.includes(source as HarvestSourceKind)) details.push({ field: `${at}.source`, message: `must be one of ${KINDS.join(', ')}` });
    else if (seen.has(source as string)) details.push({ field: `${at}.source`, message: `${String(source)} is listed twice` });
    if (typeof enabled !== 'boolean') details.push({ field: `${at}.enabled`, message: 'must be true or false' });
    if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) details.push({ field: `${at}.settings`, message: 'must be an object' });
    seen.add(source as string);
    chain.push({ source: source as HarvestSourceKind, enabled: enabled as boolean, settings: settings as Record<string, unknown> });
  });
  if (details.length) throw new HarvestError('invalid_sources', 'the source chain is invalid', details);
  return chain;
}

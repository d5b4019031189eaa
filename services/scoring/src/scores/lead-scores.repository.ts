import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { EngagementEvent, TierChange } from '#libs/lead-scoring';
import type { StoredScoreRow } from './scoring-input-from-facts.js';

export type PreviousScore = Pick<StoredScoreRow, 'lead_id' | 'score' | 'tier' | 'fit' | 'intent' | 'engagement' | 'contributions' | 'rule_set_version' | 'inputs_hash'>;

/** Scoring's tables, read and written a page at a time: one query per read, one transaction per write. */
@Injectable()
export class LeadScoresRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async engagementOf(campaignId: string, leadIds: string[]): Promise<Map<string, EngagementEvent[]>> {
    const rows: Array<{ lead_id: string; kind: EngagementEvent['kind']; at: Date; machine: boolean }> = await this.db.query(
      `SELECT lead_id, kind, at, machine FROM scoring.engagement_events WHERE campaign_id = $1 AND lead_id = ANY($2::uuid[]) ORDER BY at`,
      [campaignId, leadIds],
    );
    const byLead = new Map<string, EngagementEvent[]>();
    for (const r of rows) {
      const list = byLead.get(r.lead_id) ?? [];
      list.push({ kind: r.kind, at: r.at.getTime(), ...(r.machine ? { machine: true } : {}) });
      byLead.set(r.lead_id, list);
    }
    return byLead;
  }

  async previousScores(campaignId: string, leadIds: string[]): Promise<Map<string, PreviousScore>> {
    const rows: PreviousScore[] = await this.db.query(
      `SELECT lead_id, score, tier, fit, intent, engagement, contributions, rule_set_version, inputs_hash
       FROM scoring.lead_scores WHERE campaign_id = $1 AND lead_id = ANY($2::uuid[])`,
      [campaignId, leadIds],
    );
    return new Map(rows.map((r) => [r.lead_id, r]));
  }

  async currentTiers(campaignId: string, leadIds: string[]): Promise<Array<{ leadId: string; score: number; tier: string; ruleSetVersion: number }>> {
    const rows: Array<{ lead_id: string; score: number; tier: string; rule_set_version: number }> = await this.db.query(
      `SELECT lead_id, score, tier, rule_set_version FROM scoring.lead_scores WHERE campaign_id = $1 AND lead_id = ANY($2::uuid[])`,
      [campaignId, leadIds],
    );
    return rows.map((r) => ({ leadId: r.lead_id, score: r.score, tier: r.tier, ruleSetVersion: r.rule_set_version }));
  }

  /** Upserts changed scores and appends tier changes, all or nothing. Re-running a page writes the same rows. */
  async savePage(campaignId: string, runId: string, scoredAt: Date, rows: StoredScoreRow[], changes: Array<{ leadId: string; change: TierChange; version: number }>): Promise<void> {
    if (rows.length === 0 && changes.length === 0) return;
    await this.db.transaction(async (m) => {
      if (rows.length) {
        await m.query(
          `INSERT INTO scoring.lead_scores (campaign_id, lead_id, score, tier, fit, intent, engagement, contributions, inputs, inputs_hash, rule_set_version, scored_at, run_id)
           SELECT $1, x.lead_id, x.score, x.tier, x.fit, x.intent, x.engagement, x.contributions, x.inputs, x.inputs_hash, x.rule_set_version, $2, $3
           FROM json_to_recordset($4::json) AS x(lead_id uuid, score smallint, tier text, fit real, intent real, engagement real, contributions jsonb, inputs jsonb, inputs_hash text, rule_set_version int)
           ON CONFLICT (campaign_id, lead_id) DO UPDATE SET score = EXCLUDED.score, tier = EXCLUDED.tier, fit = EXCLUDED.fit, intent = EXCLUDED.intent,
             engagement = EXCLUDED.engagement, contributions = EXCLUDED.contributions, inputs = EXCLUDED.inputs, inputs_hash = EXCLUDED.inputs_hash,
             rule_set_version = EXCLUDED.rule_set_version, scored_at = EXCLUDED.scored_at, run_id = EXCLUDED.run_id`,
          [campaignId, scoredAt, runId, JSON.stringify(rows)],
        );
      }
      if (changes.length) {
        await m.query(
          `INSERT INTO scoring.tier_changes (campaign_id, lead_id, from_tier, to_tier, reason, rule_set_version, run_id, changed_at)
           SELECT $1, x.lead_id, x.from_tier, x.to_tier, x.reason, x.version, $2, $3
           FROM json_to_recordset($4::json) AS x(lead_id uuid, from_tier text, to_tier text, reason text, version int)`,
          [campaignId, runId, scoredAt, JSON.stringify(changes.map((c) => ({ lead_id: c.leadId, from_tier: c.change.from, to_tier: c.change.to, reason: c.change.reason, version: c.version })))],
        );
      }
    });
  }

  async scoreOf(campaignId: string, leadId: string) {
    const [row] = await this.db.query(`SELECT * FROM scoring.lead_scores WHERE campaign_id = $1 AND lead_id = $2`, [campaignId, leadId]);
    return row as (StoredScoreRow & { scored_at: Date; run_id: string | null }) | undefined;
  }

  async tierHistory(campaignId: string, leadId: string) {
    const rows: Array<{ from_tier: string | null; to_tier: string; reason: string; rule_set_version: number; changed_at: Date }> = await this.db.query(
      `SELECT from_tier, to_tier, reason, rule_set_version, changed_at FROM scoring.tier_changes WHERE campaign_id = $1 AND lead_id = $2 ORDER BY changed_at, id`,
      [campaignId, leadId],
    );
    return rows.map((r) => ({ from: r.from_tier, to: r.to_tier, reason: r.reason, ruleSetVersion: r.rule_set_version, at: r.changed_at.toISOString() }));
  }

  async recordEngagement(e: { eventId: string; campaignId: string; leadId: string; kind: string; at: Date; machine: boolean }): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO scoring.engagement_events (event_id, campaign_id, lead_id, kind, at, machine) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING event_id`,
      [e.eventId, e.campaignId, e.leadId, e.kind, e.at, e.machine],
    );
    return rows.length === 1;
  }
}

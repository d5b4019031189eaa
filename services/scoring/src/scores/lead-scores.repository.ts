import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { EngagementEvent, EngagementKind, TierChange } from '#libs/lead-scoring';
import type { ScoreMove } from './score-move.js';
import type { StoredScoreRow } from './scoring-input-from-facts.js';

export interface EngagementRecord {
  eventId: string;
  campaignId: string;
  leadId: string;
  kind: EngagementKind;
  at: Date;
  machine: boolean;
}

export type PreviousScore = Pick<StoredScoreRow, 'lead_id' | 'score' | 'tier' | 'fit' | 'intent' | 'engagement' | 'contributions' | 'rule_set_version' | 'inputs_hash'>;

/** Scoring's tables, read and written a page at a time: one query per read, one transaction per write. */
@Injectable()
export class LeadScoresRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async engagementOf(campaignId: string, leadIds: string[], m: EntityManager = this.db.manager): Promise<Map<string, EngagementEvent[]>> {
    const rows: Array<{ lead_id: string; kind: EngagementEvent['kind']; at: Date; machine: boolean }> = await m.query(
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

  /**
   * Upserts changed scores and appends tier changes, all or nothing. Re-running a page writes the same rows. A lead
   * rescored by an engagement event after this run's clock read newer events: its row and tier change are left
   * alone (the run's score would undo the event until the next run). Returns what was written.
   */
  async savePage(campaignId: string, runId: string, scoredAt: Date, rows: StoredScoreRow[], changes: Array<{ leadId: string; change: TierChange; version: number }>): Promise<{ written: number; tierChanges: number }> {
    if (rows.length === 0 && changes.length === 0) return { written: 0, tierChanges: 0 };
    return this.db.transaction(async (m) => {
      let written = new Set<string>();
      if (rows.length) {
        const upserted: Array<{ lead_id: string }> = await m.query(
          `INSERT INTO scoring.lead_scores AS s (campaign_id, lead_id, score, tier, fit, intent, engagement, contributions, inputs, inputs_hash, rule_set_version, scored_at, run_id)
           SELECT $1, x.lead_id, x.score, x.tier, x.fit, x.intent, x.engagement, x.contributions, x.inputs, x.inputs_hash, x.rule_set_version, $2, $3
           FROM json_to_recordset($4::json) AS x(lead_id uuid, score smallint, tier text, fit real, intent real, engagement real, contributions jsonb, inputs jsonb, inputs_hash text, rule_set_version int)
           ON CONFLICT (campaign_id, lead_id) DO UPDATE SET score = EXCLUDED.score, tier = EXCLUDED.tier, fit = EXCLUDED.fit, intent = EXCLUDED.intent,
             engagement = EXCLUDED.engagement, contributions = EXCLUDED.contributions, inputs = EXCLUDED.inputs, inputs_hash = EXCLUDED.inputs_hash,
             rule_set_version = EXCLUDED.rule_set_version, scored_at = EXCLUDED.scored_at, run_id = EXCLUDED.run_id
           WHERE s.scored_at <= EXCLUDED.scored_at
           RETURNING lead_id`,
          [campaignId, scoredAt, runId, JSON.stringify(rows)],
        );
        written = new Set(upserted.map((r) => r.lead_id));
      }
      const kept = changes.filter((c) => written.has(c.leadId));
      if (kept.length) await this.insertTierChanges(m, campaignId, runId, scoredAt, kept);
      return { written: written.size, tierChanges: kept.length };
    });
  }

  /**
   * Records an engagement event and rescores its lead in one transaction, so an event is never stored without its
   * effect on the score (a retry of a failed call finds no duplicate and rescores). The lead's score row is locked,
   * so concurrent events for one lead rescore one after the other, each over every event stored before it.
   * `rescore` gets the locked row, the lead's events (this one included) and the scoring instant, and says what to write.
   */
  async recordAndRescore(
    e: EngagementRecord,
    rescore: (before: PreviousScore, events: EngagementEvent[], nowMs: number) => Promise<{ move: ScoreMove; version: number }>,
    now: () => Date = () => new Date(),
  ): Promise<{ recorded: boolean; before: PreviousScore | null; move: ScoreMove | null }> {
    return this.db.transaction(async (m) => {
      if (!(await this.insertEngagement(m, e))) return { recorded: false, before: null, move: null };
      const [before]: PreviousScore[] = await m.query(
        `SELECT lead_id, score, tier, fit, intent, engagement, contributions, rule_set_version, inputs_hash
         FROM scoring.lead_scores WHERE campaign_id = $1 AND lead_id = $2 FOR UPDATE`,
        [e.campaignId, e.leadId],
      );
      if (!before) return { recorded: true, before: null, move: null };
      const events = (await this.engagementOf(e.campaignId, [e.leadId], m)).get(e.leadId) ?? [];
      // The instant decay is computed at is the one stored, so the stored score reproduces exactly.
      const scoredAt = now();
      const { move, version } = await rescore(before, events, scoredAt.getTime());
      const runId = `engagement:${e.eventId}`;
      if (move.row) {
        const r = move.row;
        await m.query(
          `UPDATE scoring.lead_scores SET score = $3, tier = $4, fit = $5, intent = $6, engagement = $7, contributions = $8, inputs = $9, inputs_hash = $10,
             rule_set_version = $11, scored_at = $12, run_id = $13
           WHERE campaign_id = $1 AND lead_id = $2`,
          [e.campaignId, e.leadId, r.score, r.tier, r.fit, r.intent, r.engagement, JSON.stringify(r.contributions), JSON.stringify(r.inputs), r.inputs_hash, r.rule_set_version, scoredAt, runId],
        );
      }
      if (move.change) await this.insertTierChanges(m, e.campaignId, runId, scoredAt, [{ leadId: e.leadId, change: move.change, version }]);
      return { recorded: true, before, move };
    });
  }

  private async insertTierChanges(m: EntityManager, campaignId: string, runId: string, at: Date, changes: Array<{ leadId: string; change: TierChange; version: number }>) {
    await m.query(
      `INSERT INTO scoring.tier_changes (campaign_id, lead_id, from_tier, to_tier, reason, rule_set_version, run_id, changed_at)
       SELECT $1, x.lead_id, x.from_tier, x.to_tier, x.reason, x.version, $2, $3
       FROM json_to_recordset($4::json) AS x(lead_id uuid, from_tier text, to_tier text, reason text, version int)`,
      [campaignId, runId, at, JSON.stringify(changes.map((c) => ({ lead_id: c.leadId, from_tier: c.change.from, to_tier: c.change.to, reason: c.change.reason, version: c.version })))],
    );
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

  /** Stores an event without rescoring (machine events, leads not scored yet); false when its id was stored before. */
  async recordEngagement(e: EngagementRecord): Promise<boolean> {
    return this.insertEngagement(this.db.manager, e);
  }

  async engagementRecorded(eventId: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM scoring.engagement_events WHERE event_id = $1`, [eventId]);
    return rows.length > 0;
  }

  private async insertEngagement(m: EntityManager, e: EngagementRecord): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO scoring.engagement_events (event_id, campaign_id, lead_id, kind, at, machine) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING event_id`,
      [e.eventId, e.campaignId, e.leadId, e.kind, e.at, e.machine],
    );
    return rows.length === 1;
  }
}

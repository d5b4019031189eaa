import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ruleSetTableSql } from '#libs/rule-set-store';

/**
 * Scoring owns rule sets, each lead's current score per campaign and the history of tier changes. A score keeps
 * its inputs and rule-set version, so its full explanation is recomputed on read and always reproducible; the
 * stored contributions are the compact [ruleId, points] pairs.
 */
export class ScoringInitial1764230400100 implements MigrationInterface {
  name = 'ScoringInitial1764230400100';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of ruleSetTableSql('scoring')) await q.query(sql);
    await q.query(`
      CREATE TABLE scoring.lead_scores (
        campaign_id text NOT NULL,
        lead_id uuid NOT NULL,
        score smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
        tier text NOT NULL CHECK (tier IN ('hot', 'warm', 'cool', 'cold')),
        fit real NOT NULL,
        intent real NOT NULL,
        engagement real NOT NULL,
        contributions jsonb NOT NULL,
        inputs jsonb NOT NULL,
        inputs_hash text NOT NULL,
        rule_set_version integer NOT NULL,
        scored_at timestamptz NOT NULL,
        run_id text,
        PRIMARY KEY (campaign_id, lead_id)
      )`);
    await q.query(`
      CREATE TABLE scoring.tier_changes (
        id bigserial PRIMARY KEY,
        campaign_id text NOT NULL,
        lead_id uuid NOT NULL,
        from_tier text,
        to_tier text NOT NULL,
        reason text NOT NULL,
        rule_set_version integer NOT NULL,
        run_id text,
        changed_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX tier_changes_lead_idx ON scoring.tier_changes (campaign_id, lead_id, changed_at)`);
    // Opens, clicks and replies, fed by the engagement webhooks; decay is applied at scoring time.
    await q.query(`
      CREATE TABLE scoring.engagement_events (
        event_id text PRIMARY KEY,
        campaign_id text NOT NULL,
        lead_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('open', 'click', 'reply')),
        at timestamptz NOT NULL,
        machine boolean NOT NULL DEFAULT false
      )`);
    await q.query(`CREATE INDEX engagement_events_lead_idx ON scoring.engagement_events (campaign_id, lead_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['engagement_events', 'tier_changes', 'lead_scores', 'rule_sets']) await q.query(`DROP TABLE IF EXISTS scoring.${t}`);
  }
}

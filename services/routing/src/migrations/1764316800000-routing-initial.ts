import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ruleSetTableSql } from '#libs/rule-set-store';

/**
 * Routing owns its rule sets, each lead's route in each campaign (sequence, owner, why), the round-robin state
 * per campaign, and the facts its guardrails read that no other stage keeps: lead stages and account replies.
 */
export class RoutingInitial1764316800000 implements MigrationInterface {
  name = 'RoutingInitial1764316800000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of ruleSetTableSql('routing')) await q.query(sql);

    // One row per lead and campaign; an `enrol` row is final, held rows are rewritten when re-judged.
    await q.query(`
      CREATE TABLE routing.routes (
        campaign_id text NOT NULL,
        lead_id uuid NOT NULL,
        tier text NOT NULL CHECK (tier IN ('hot', 'warm', 'cool', 'cold')),
        sequence_id text,
        owner_id text,
        territory_id text,
        outcome text NOT NULL CHECK (outcome IN ('enrol', 'not-enrolled', 'blocked', 'review', 'skipped')),
        reasons jsonb NOT NULL DEFAULT '[]'::jsonb,
        rule_set_version integer NOT NULL,
        run_id text NOT NULL,
        routed_at timestamptz NOT NULL,
        touched_at timestamptz,
        sla_due_at timestamptz,
        sla_started_at timestamptz,
        PRIMARY KEY (campaign_id, lead_id),
        CONSTRAINT routes_enrol_has_owner CHECK (outcome <> 'enrol' OR (owner_id IS NOT NULL AND sequence_id IS NOT NULL))
      )`);
    // "Active in another sequence" and the enrolment lookup: only enrolled rows, by lead.
    await q.query(`CREATE INDEX routes_enrolled_by_lead_idx ON routing.routes (lead_id) INCLUDE (campaign_id, sequence_id, routed_at) WHERE outcome = 'enrol'`);
    // Hot-lead SLA timers routed but not yet started in Temporal (a crash between commit and start).
    await q.query(`CREATE INDEX routes_sla_pending_idx ON routing.routes (campaign_id) WHERE sla_due_at IS NOT NULL AND sla_started_at IS NULL`);

    // The lib's RoutingState, written in the same transaction as each page of routes.
    await q.query(`
      CREATE TABLE routing.assignment_state (
        campaign_id text PRIMARY KEY,
        state jsonb NOT NULL DEFAULT '{}'::jsonb,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // A cleared stage stays as NULL with its time, so a lead blocked for its stage is judged again afterwards.
    await q.query(`
      CREATE TABLE routing.lead_stages (
        lead_id uuid PRIMARY KEY,
        stage text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Key order serves "latest reply at this company by someone else": a backward scan per domain.
    await q.query(`
      CREATE TABLE routing.account_replies (
        company_domain text NOT NULL,
        replied_at timestamptz NOT NULL,
        lead_id uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (company_domain, replied_at, lead_id)
      )`);

    // One decision per SLA round (lead, campaign, the routedAt the timer ran from): a retried activity finds it.
    await q.query(`
      CREATE TABLE routing.sla_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        campaign_id text NOT NULL,
        lead_id uuid NOT NULL,
        sla_routed_at timestamptz NOT NULL,
        action text NOT NULL CHECK (action IN ('none', 'escalate', 'reassign')),
        from_owner text,
        to_owner text,
        reason text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sla_events_one_per_round UNIQUE (campaign_id, lead_id, sla_routed_at)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['sla_events', 'account_replies', 'lead_stages', 'assignment_state', 'routes', 'rule_sets']) {
      await q.query(`DROP TABLE IF EXISTS routing.${t}`);
    }
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ruleSetTableSql } from '#libs/rule-set-store';

/**
 * Qualification owns its rule sets, the latest judgement of each (campaign, lead), and the global do-not-contact
 * list with its audit trail. Lead ids come from harvest; there is no foreign key across services.
 */
export class QualificationInitial1764403200000 implements MigrationInterface {
  name = 'QualificationInitial1764403200000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of ruleSetTableSql('qualification')) await q.query(sql);
    await q.query(`
      CREATE TABLE qualification.results (
        campaign_id text NOT NULL,
        lead_id uuid NOT NULL,
        email text NOT NULL,
        email_domain text,
        email_verdict text NOT NULL CHECK (email_verdict IN ('valid', 'risky', 'invalid')),
        email_reasons jsonb NOT NULL DEFAULT '[]'::jsonb,
        decision text NOT NULL CHECK (decision IN ('qualified', 'rejected', 'needs_review')),
        reasons jsonb NOT NULL,
        intent jsonb NOT NULL DEFAULT '[]'::jsonb,
        suppressed boolean NOT NULL DEFAULT false,
        dns_unverified boolean NOT NULL DEFAULT false,
        rule_set_version integer NOT NULL,
        lead_updated_at timestamptz NOT NULL,
        run_id text NOT NULL,
        qualified_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, lead_id)
      )`);
    // Routing pages through qualified leads only; the partial index holds just those.
    await q.query(`CREATE INDEX results_qualified_idx ON qualification.results (campaign_id, lead_id) WHERE decision = 'qualified'`);
    await q.query(`
      CREATE TABLE qualification.suppressions (
        kind text NOT NULL CHECK (kind IN ('address', 'domain')),
        value text NOT NULL,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, value)
      )`);
    await q.query(`CREATE INDEX suppressions_created_idx ON qualification.suppressions (created_at, kind, value)`);
    await q.query(`
      CREATE TABLE qualification.suppression_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        action text NOT NULL CHECK (action IN ('added', 'removed')),
        kind text NOT NULL,
        value text NOT NULL,
        reason text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX suppression_events_value_idx ON qualification.suppression_events (kind, value, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['suppression_events', 'suppressions', 'results', 'rule_sets']) await q.query(`DROP TABLE IF EXISTS qualification.${t}`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What engagement needs from nurture: a campaign's colleague-stop policy on a reply (by company domain), and a
 * mailbox pause (automatic on bounce or spam rates, or by a person) that holds every send from it.
 */
export class NurtureEngagement1765200000100 implements MigrationInterface {
  name = 'NurtureEngagement1765200000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE nurture.campaign_settings
        ADD COLUMN colleague_stop text NOT NULL DEFAULT 'campaign' CHECK (colleague_stop IN ('none', 'campaign', 'all-campaigns'))`);
    await q.query(`
      ALTER TABLE nurture.mailboxes
        ADD COLUMN paused_at timestamptz,
        ADD COLUMN paused_reason text,
        ADD COLUMN paused_by text`);
    // Reply matching by In-Reply-To/References: the ledger's Message-IDs are already unique (and indexed).
    // A reply stops colleagues by the address's domain; a retried account reply finds whom it stopped by decision.
    await q.query(`CREATE INDEX enrolments_email_domain_idx ON nurture.enrolments (split_part(lower(email), '@', 2))`);
    await q.query(`CREATE INDEX enrolments_stopped_decision_idx ON nurture.enrolments (last_decision) WHERE status = 'stopped'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS nurture.enrolments_stopped_decision_idx`);
    await q.query(`DROP INDEX IF EXISTS nurture.enrolments_email_domain_idx`);
    await q.query(`ALTER TABLE nurture.mailboxes DROP COLUMN paused_at, DROP COLUMN paused_reason, DROP COLUMN paused_by`);
    await q.query(`ALTER TABLE nurture.campaign_settings DROP COLUMN colleague_stop`);
  }
}

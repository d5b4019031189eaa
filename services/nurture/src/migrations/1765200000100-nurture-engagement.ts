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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE nurture.mailboxes DROP COLUMN paused_at, DROP COLUMN paused_reason, DROP COLUMN paused_by`);
    await q.query(`ALTER TABLE nurture.campaign_settings DROP COLUMN colleague_stop`);
  }
}

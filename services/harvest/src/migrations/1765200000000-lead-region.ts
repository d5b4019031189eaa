import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Leads gain an ISO 3166-2 `region` ("ES-MD", "US-CA"): the send calendar needs it for regional public holidays
 * and for the time zone of a country with several. Intake (libs/lead-intake) normalises and checks it; the
 * constraints keep the stored rows honest whatever path wrote them.
 */
export class LeadRegion1765200000000 implements MigrationInterface {
  name = 'LeadRegion1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE harvest.leads ADD COLUMN region text`);
    await q.query(`ALTER TABLE harvest.leads ADD CONSTRAINT leads_region_format CHECK (region ~ '^[A-Z]{2}-[A-Z0-9]{1,3}$')`);
    await q.query(`ALTER TABLE harvest.leads ADD CONSTRAINT leads_region_in_country CHECK (region IS NULL OR country IS NULL OR split_part(region, '-', 1) = country)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE harvest.leads DROP COLUMN IF EXISTS region`);
  }
}

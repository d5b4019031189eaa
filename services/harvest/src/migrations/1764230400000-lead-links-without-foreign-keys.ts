import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Provenance and campaign membership rows are written in the same transaction as their lead, by the only writer
 * of these tables. The foreign-key checks cost a key-share lock on the lead row per linked row, which more than
 * tripled the cost of writing these tables on a large import, so harvest's code keeps the link instead. Harvest
 * has no lead deletion yet; the one that comes (erasure) must delete a lead's links in the same transaction.
 */
export class LeadLinksWithoutForeignKeys1764230400000 implements MigrationInterface {
  name = 'LeadLinksWithoutForeignKeys1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE harvest.lead_provenance DROP CONSTRAINT lead_provenance_lead_id_fkey`);
    await q.query(`ALTER TABLE harvest.lead_campaigns DROP CONSTRAINT lead_campaigns_lead_id_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE harvest.lead_provenance ADD CONSTRAINT lead_provenance_lead_id_fkey FOREIGN KEY (lead_id) REFERENCES harvest.leads(id) ON DELETE CASCADE`);
    await q.query(`ALTER TABLE harvest.lead_campaigns ADD CONSTRAINT lead_campaigns_lead_id_fkey FOREIGN KEY (lead_id) REFERENCES harvest.leads(id) ON DELETE CASCADE`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports run as Temporal workflows: the lease columns go, and each job keeps the last file line whose batch is
 * committed, written in the same transaction as that batch's leads, so a retried import resumes after it.
 * NULL marks a job accepted before this version, whose counts were not kept atomically with its leads.
 */
export class ImportJobPosition1764316800000 implements MigrationInterface {
  name = 'ImportJobPosition1764316800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE harvest.import_jobs ADD COLUMN committed_line integer, DROP COLUMN lease_until, DROP COLUMN claimed_by`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE harvest.import_jobs DROP COLUMN committed_line, ADD COLUMN claimed_by text, ADD COLUMN lease_until timestamptz`);
  }
}

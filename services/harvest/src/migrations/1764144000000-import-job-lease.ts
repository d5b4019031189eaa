import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Import jobs get a lease, so several harvest replicas can share one spool: a replica claims a job atomically
 * and keeps its lease fresh while importing; only a job whose lease has gone stale is taken over.
 */
export class ImportJobLease1764144000000 implements MigrationInterface {
  name = 'ImportJobLease1764144000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE harvest.import_jobs ADD COLUMN claimed_by text, ADD COLUMN lease_until timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE harvest.import_jobs DROP COLUMN lease_until, DROP COLUMN claimed_by`);
  }
}

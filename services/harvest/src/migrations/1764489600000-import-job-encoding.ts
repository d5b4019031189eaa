import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each import job shows how its file was read: the text encoding detected and the header columns that map to
 * no lead field and were ignored. Both stay NULL until the header has been read (and for older jobs).
 */
export class ImportJobEncoding1764489600000 implements MigrationInterface {
  name = 'ImportJobEncoding1764489600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE harvest.import_jobs ADD COLUMN encoding text, ADD COLUMN ignored_columns text[]`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE harvest.import_jobs DROP COLUMN ignored_columns, DROP COLUMN encoding`);
  }
}

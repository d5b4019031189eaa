import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Public web forms become the least trusted source (libs/lead-intake SOURCE_RANK): a form only fills empty
 * fields. Each form gets its own id, bound to one campaign, with an optional signing secret; provenance keeps
 * the fields a source offered but was not trusted to change.
 */
export class FormTrust1764576000000 implements MigrationInterface {
  name = 'FormTrust1764576000000';

  async up(q: QueryRunner): Promise<void> {
    // Mirrors libs/lead-intake merge ranks; a unit test keeps the two in step.
    await q.query(`
      CREATE OR REPLACE FUNCTION harvest.source_rank(kind text) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE kind WHEN 'api' THEN 4 WHEN 'csv' THEN 3 WHEN 'people-search' THEN 2 WHEN 'web-form' THEN 1 ELSE 0 END
      $$`);
    await q.query(`ALTER TABLE harvest.lead_provenance ADD COLUMN refused_fields text[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      CREATE TABLE harvest.forms (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id text NOT NULL,
        signing_secret text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX forms_campaign_id_idx ON harvest.forms (campaign_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS harvest.forms`);
    await q.query(`ALTER TABLE harvest.lead_provenance DROP COLUMN IF EXISTS refused_fields`);
    await q.query(`
      CREATE OR REPLACE FUNCTION harvest.source_rank(kind text) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE kind WHEN 'api' THEN 4 WHEN 'web-form' THEN 3 WHEN 'csv' THEN 2 WHEN 'people-search' THEN 1 ELSE 0 END
      $$`);
  }
}

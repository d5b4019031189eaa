import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Harvest owns leads, their provenance, import jobs and source health. Identity is the normalised email. */
export class HarvestInitial1764057600000 implements MigrationInterface {
  name = 'HarvestInitial1764057600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    // Mirrors libs/lead-intake merge ranks; a unit test keeps the two in step.
    await q.query(`
      CREATE FUNCTION harvest.source_rank(kind text) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE kind WHEN 'api' THEN 4 WHEN 'web-form' THEN 3 WHEN 'csv' THEN 2 WHEN 'people-search' THEN 1 ELSE 0 END
      $$`);
    await q.query(`
      CREATE TABLE harvest.leads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        first_name text, last_name text, title text, company text, company_domain text, industry text,
        employee_count integer, revenue_band text, country text, city text, time_zone text, phone text,
        linkedin_url text, website text, technologies text[] NOT NULL DEFAULT '{}', notes text,
        field_sources jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT leads_email_key UNIQUE (email)
      )`);
    await q.query(`CREATE INDEX leads_created_at_id_idx ON harvest.leads (created_at, id)`);
    await q.query(`CREATE INDEX leads_company_domain_idx ON harvest.leads (company_domain)`);
    await q.query(`
      CREATE TABLE harvest.lead_campaigns (
        lead_id uuid NOT NULL REFERENCES harvest.leads(id) ON DELETE CASCADE,
        campaign_id text NOT NULL,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, lead_id)
      )`);
    await q.query(`CREATE INDEX lead_campaigns_lead_idx ON harvest.lead_campaigns (lead_id)`);
    await q.query(`
      CREATE TABLE harvest.lead_provenance (
        lead_id uuid NOT NULL REFERENCES harvest.leads(id) ON DELETE CASCADE,
        source text NOT NULL,
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        times_seen integer NOT NULL DEFAULT 1,
        import_id uuid,
        line integer,
        request_id text,
        source_ref text,
        PRIMARY KEY (lead_id, source)
      )`);
    await q.query(`
      CREATE TABLE harvest.import_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id text NOT NULL,
        origin text NOT NULL CHECK (origin IN ('upload', 'drop-folder')),
        file_name text NOT NULL,
        spool_path text,
        status text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
        total integer NOT NULL DEFAULT 0,
        imported integer NOT NULL DEFAULT 0,
        created integer NOT NULL DEFAULT 0,
        merged integer NOT NULL DEFAULT 0,
        rejected integer NOT NULL DEFAULT 0,
        bytes_read bigint NOT NULL DEFAULT 0,
        bytes_total bigint,
        error text,
        content_sha256 text,
        queued_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX import_jobs_campaign_idx ON harvest.import_jobs (campaign_id, queued_at DESC)`);
    await q.query(`
      CREATE TABLE harvest.import_rejections (
        import_id uuid NOT NULL REFERENCES harvest.import_jobs(id) ON DELETE CASCADE,
        line integer NOT NULL,
        field text,
        reason text NOT NULL,
        PRIMARY KEY (import_id, line)
      )`);
    await q.query(`
      CREATE TABLE harvest.campaign_sources (
        campaign_id text NOT NULL,
        source text NOT NULL CHECK (source IN ('drop-folder', 'people-search')),
        position integer NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        PRIMARY KEY (campaign_id, source)
      )`);
    await q.query(`
      CREATE TABLE harvest.source_health (
        scope text NOT NULL,
        source text NOT NULL,
        breaker jsonb NOT NULL DEFAULT '{"state":"closed","consecutiveFailures":0}'::jsonb,
        usage jsonb,
        last_error text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, source)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['source_health', 'campaign_sources', 'import_rejections', 'import_jobs', 'lead_provenance', 'lead_campaigns', 'leads']) {
      await q.query(`DROP TABLE IF EXISTS harvest.${t}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS harvest.source_rank(text)`);
  }
}

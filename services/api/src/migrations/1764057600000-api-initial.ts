import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The API service owns campaigns and the pipeline run history. */
export class ApiInitial1764057600000 implements MigrationInterface {
  name = 'ApiInitial1764057600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api.campaigns (
        id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        name text NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'stopped')),
        time_zone text NOT NULL DEFAULT 'UTC',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE api.pipeline_runs (
        run_id text PRIMARY KEY,
        workflow_id text NOT NULL,
        trigger text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
        campaign_id text,
        status text NOT NULL CHECK (status IN ('running', 'completed', 'degraded', 'failed')),
        started_at timestamptz NOT NULL,
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX pipeline_runs_started_idx ON api.pipeline_runs (started_at DESC)`);
    await q.query(`
      CREATE TABLE api.pipeline_stage_runs (
        run_id text NOT NULL REFERENCES api.pipeline_runs(run_id) ON DELETE CASCADE,
        stage text NOT NULL,
        status text NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        counts jsonb NOT NULL,
        problems jsonb NOT NULL,
        PRIMARY KEY (run_id, stage)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS api.pipeline_stage_runs`);
    await q.query(`DROP TABLE IF EXISTS api.pipeline_runs`);
    await q.query(`DROP TABLE IF EXISTS api.campaigns`);
  }
}

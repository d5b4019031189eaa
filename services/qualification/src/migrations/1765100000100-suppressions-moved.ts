import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The global suppression list moved to the nurture service (decision 0017). This service stops using its tables:
 * they are renamed to *_moved, so nothing of this version writes them and nurture's move migration
 * (1765100000100-suppressions-from-qualification) knows the copy it takes from them is final.
 *
 * The two services migrate independently; both take the same transaction lock. When nurture's tables already exist
 * (nurture migrated first and copied the list as it was then), this migration copies what was added since with the
 * same idempotent statements and drops the moved tables; otherwise it leaves them for nurture's migration, which
 * copies and drops them. The only code of this service that touches another service's tables.
 */
export class SuppressionsMoved1765100000100 implements MigrationInterface {
  name = 'SuppressionsMoved1765100000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtext('aicmo:suppressions-move'))`);
    await q.query(`ALTER TABLE IF EXISTS qualification.suppressions RENAME TO suppressions_moved`);
    await q.query(`ALTER TABLE IF EXISTS qualification.suppression_events RENAME TO suppression_events_moved`);
    const [found]: Array<{ moved: string | null; nurture: string | null }> = await q.query(
      `SELECT to_regclass('qualification.suppressions_moved')::text AS moved, to_regclass('nurture.suppression_events')::text AS nurture`,
    );
    if (!found?.moved || !found.nurture) return;
    // Audit first (in its original order), then the entries not lifted in nurture since its own copy.
    await q.query(`
      INSERT INTO nurture.suppression_events (action, kind, value, reason, at)
      SELECT o.action, o.kind, o.value, o.reason, o.at FROM qualification.suppression_events_moved o
      WHERE NOT EXISTS (
        SELECT 1 FROM nurture.suppression_events n
        WHERE n.kind = o.kind AND n.value = o.value AND n.at = o.at AND n.action = o.action AND n.reason IS NOT DISTINCT FROM o.reason)
      ORDER BY o.id`);
    await q.query(`
      INSERT INTO nurture.suppressions (kind, value, reason, created_at)
      SELECT s.kind, s.value, s.reason, s.created_at FROM qualification.suppressions_moved s
      WHERE NOT EXISTS (
        SELECT 1 FROM nurture.suppression_events e
        WHERE e.kind = s.kind AND e.value = s.value AND e.action = 'removed' AND e.at > s.created_at)
      ON CONFLICT (kind, value) DO NOTHING`);
    await q.query(`DROP TABLE qualification.suppression_events_moved`);
    await q.query(`DROP TABLE qualification.suppressions_moved`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Back to empty tables of the old shape (the list itself stays in nurture), or the moved ones if still here.
    if ((await q.query(`SELECT to_regclass('qualification.suppressions_moved')::text AS t`))[0]?.t) {
      await q.query(`ALTER TABLE qualification.suppressions_moved RENAME TO suppressions`);
      await q.query(`ALTER TABLE IF EXISTS qualification.suppression_events_moved RENAME TO suppression_events`);
      return;
    }
    await q.query(`
      CREATE TABLE IF NOT EXISTS qualification.suppressions (
        kind text NOT NULL CHECK (kind IN ('address', 'domain')), value text NOT NULL, reason text,
        created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (kind, value))`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS qualification.suppression_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, action text NOT NULL CHECK (action IN ('added', 'removed')),
        kind text NOT NULL, value text NOT NULL, reason text, at timestamptz NOT NULL DEFAULT now())`);
  }
}

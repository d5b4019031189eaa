import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The one-time move of the global suppression list from qualification to nurture (decision 0017): today's
 * entries and their audit trail. The only code of this service that reads another service's tables.
 *
 * The two services migrate independently, so either may run first; both take the same transaction lock, and
 * qualification's migration (1765100000100-suppressions-moved) does the mirror image:
 *  - qualification already renamed its tables to *_moved (it no longer writes them): copy from those, then drop them;
 *  - qualification not upgraded yet (its old code may still write): copy what is there now and leave the tables;
 *    qualification's own migration renames them later and copies whatever was added since, then drops them.
 * Idempotent: entries already here are kept, audit events already copied are not copied twice, and an entry lifted
 * here after an earlier copy is not brought back.
 */
export class SuppressionsFromQualification1765100000100 implements MigrationInterface {
  name = 'SuppressionsFromQualification1765100000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtext('aicmo:suppressions-move'))`);
    const [found]: Array<{ moved: string | null; live: string | null }> = await q.query(
      `SELECT to_regclass('qualification.suppressions_moved')::text AS moved, to_regclass('qualification.suppressions')::text AS live`,
    );
    if (found?.moved) {
      await copySuppressions(q, 'qualification.suppressions_moved', 'qualification.suppression_events_moved');
      await q.query(`DROP TABLE IF EXISTS qualification.suppression_events_moved`);
      await q.query(`DROP TABLE qualification.suppressions_moved`);
    } else if (found?.live) {
      await copySuppressions(q, 'qualification.suppressions', 'qualification.suppression_events');
    }
  }

  async down(): Promise<void> {
    // The moved entries are the list now; going back leaves them here (qualification's down recreates its tables).
  }
}

/** Audit first (in its original order), then the entries that were not lifted here since. */
async function copySuppressions(q: QueryRunner, entries: string, events: string): Promise<void> {
  const [hasEvents]: Array<{ at: string | null }> = await q.query(`SELECT to_regclass($1)::text AS at`, [events]);
  if (hasEvents?.at) {
    await q.query(`
      INSERT INTO nurture.suppression_events (action, kind, value, reason, at)
      SELECT o.action, o.kind, o.value, o.reason, o.at FROM ${events} o
      WHERE NOT EXISTS (
        SELECT 1 FROM nurture.suppression_events n
        WHERE n.kind = o.kind AND n.value = o.value AND n.at = o.at AND n.action = o.action AND n.reason IS NOT DISTINCT FROM o.reason)
      ORDER BY o.id`);
  }
  await q.query(`
    INSERT INTO nurture.suppressions (kind, value, reason, created_at)
    SELECT s.kind, s.value, s.reason, s.created_at FROM ${entries} s
    WHERE NOT EXISTS (
      SELECT 1 FROM nurture.suppression_events e
      WHERE e.kind = s.kind AND e.value = s.value AND e.action = 'removed' AND e.at > s.created_at)
    ON CONFLICT (kind, value) DO NOTHING`);
}

import pg from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { NurtureInitial1765100000000 } from '../../services/nurture/src/migrations/1765100000000-nurture-initial.js';
import { SuppressionsFromQualification1765100000100 } from '../../services/nurture/src/migrations/1765100000100-suppressions-from-qualification.js';
import { QualificationInitial1764403200000 } from '../../services/qualification/src/migrations/1764403200000-qualification-initial.js';
import { SuppressionsMoved1765100000100 } from '../../services/qualification/src/migrations/1765100000100-suppressions-moved.js';
import { testStack } from '../setup/test-stack.js';

/**
 * The suppression list's move from qualification to nurture, on a database of its own on the stack's PostgreSQL:
 * the real migrations in both orders the two services can migrate in, compared entry by entry and audit event by
 * audit event with what qualification held.
 */

const DB = 'aicmo_suppressions_move';
let admin: pg.Client;
let db: pg.Client;

interface Entry {
  kind: string;
  value: string;
  reason: string | null;
  created_at: string;
}
interface Event {
  action: string;
  kind: string;
  value: string;
  reason: string | null;
  at: string;
}

/** A migration in its own transaction, as the services' migrate step runs it. */
async function migrate(m: MigrationInterface): Promise<void> {
  const runner = { query: async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows } as unknown as QueryRunner;
  await db.query('BEGIN');
  try {
    await m.up(runner);
    await db.query('COMMIT');
  } catch (err) {
    await db.query('ROLLBACK');
    throw err;
  }
}

async function freshSchemas(): Promise<void> {
  await db.query('DROP SCHEMA IF EXISTS qualification CASCADE; DROP SCHEMA IF EXISTS nurture CASCADE; CREATE SCHEMA qualification; CREATE SCHEMA nurture');
  await migrate(new QualificationInitial1764403200000());
}

/** What qualification's old code wrote: the entry and its audit event in one statement. */
async function oldAdd(kind: string, value: string, reason: string | null, at: string, table = 'suppressions', events = 'suppression_events'): Promise<void> {
  await db.query(
    `WITH added AS (INSERT INTO qualification.${table} (kind, value, reason, created_at) VALUES ($1, $2, $3, $4) RETURNING kind, value, reason, created_at)
     INSERT INTO qualification.${events} (action, kind, value, reason, at) SELECT 'added', kind, value, reason, created_at FROM added`,
    [kind, value, reason, at],
  );
}
async function oldRemove(kind: string, value: string, at: string): Promise<void> {
  await db.query(
    `WITH removed AS (DELETE FROM qualification.suppressions WHERE kind = $1 AND value = $2 RETURNING kind, value, reason)
     INSERT INTO qualification.suppression_events (action, kind, value, reason, at) SELECT 'removed', kind, value, reason, $3 FROM removed`,
    [kind, value, at],
  );
}

const entries = async (schema: string, table = 'suppressions'): Promise<Entry[]> =>
  (await db.query<Entry>(`SELECT kind, value, reason, created_at::text FROM ${schema}.${table} ORDER BY kind, value`)).rows;
const events = async (schema: string, table = 'suppression_events'): Promise<Event[]> =>
  (await db.query<Event>(`SELECT action, kind, value, reason, at::text FROM ${schema}.${table} ORDER BY id`)).rows;
const exists = async (name: string): Promise<boolean> => (await db.query<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [name])).rows[0]!.t !== null;

/** A list with history: a lifted entry, a reason with quotes, microsecond timestamps, a null reason. */
async function seedOldList(): Promise<void> {
  await oldAdd('domain', 'competitor.example', 'competitor', '2026-10-01T08:00:00.123456Z');
  await oldAdd('address', 'ann@acme.example', 'asked "never again"', '2026-10-02T09:30:00.000001Z');
  await oldAdd('address', 'bob@acme.example', null, '2026-10-03T10:00:00Z');
  await oldAdd('domain', 'xn--bcher-kva.de', 'opted out', '2026-10-04T11:00:00Z');
  await oldRemove('address', 'bob@acme.example', '2026-10-05T12:00:00Z');
}

beforeAll(async () => {
  admin = new pg.Client({ connectionString: testStack().databaseUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
  await admin.query(`CREATE DATABASE ${DB}`);
  const url = new URL(testStack().databaseUrl);
  url.pathname = `/${DB}`;
  db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await admin?.query(`DROP DATABASE IF EXISTS ${DB}`);
  await admin?.end();
});

describe('suppressions move to nurture', () => {
  it('qualification first: renames its tables, nurture copies every entry and audit event, then drops them', async () => {
    await freshSchemas();
    await seedOldList();
    const before = { entries: await entries('qualification'), events: await events('qualification') };
    expect(before.entries).toHaveLength(3);
    expect(before.events).toHaveLength(5);

    await migrate(new SuppressionsMoved1765100000100());
    // Nurture has not migrated: the list waits under the new names, whole.
    expect(await exists('qualification.suppressions')).toBe(false);
    expect(await entries('qualification', 'suppressions_moved')).toEqual(before.entries);

    await migrate(new NurtureInitial1765100000000());
    await migrate(new SuppressionsFromQualification1765100000100());
    expect(await entries('nurture')).toEqual(before.entries);
    expect(await events('nurture')).toEqual(before.events);
    expect(await exists('qualification.suppressions_moved')).toBe(false);
    expect(await exists('qualification.suppression_events_moved')).toBe(false);
    // Qualification keeps its other tables.
    expect(await exists('qualification.results')).toBe(true);
  });

  it('nurture first: copies what is there, and qualification copies what was written since, without reviving a lifted entry', async () => {
    await freshSchemas();
    await seedOldList();
    await migrate(new NurtureInitial1765100000000());
    await migrate(new SuppressionsFromQualification1765100000100());
    expect(await entries('nurture')).toEqual(await entries('qualification'));
    // Qualification is not upgraded yet: its tables stay where its old code writes them.
    expect(await exists('qualification.suppressions')).toBe(true);

    // Meanwhile: the old code adds one; the new API lifts one in nurture.
    await oldAdd('address', 'late@acme.example', 'added during the upgrade', '2026-10-06T08:00:00Z');
    await db.query(`DELETE FROM nurture.suppressions WHERE kind = 'domain' AND value = 'competitor.example'`);
    await db.query(`INSERT INTO nurture.suppression_events (action, kind, value, reason, at) VALUES ('removed', 'domain', 'competitor.example', 'lifted in nurture', '2026-10-07T08:00:00Z')`);
    const old = await events('qualification');

    await migrate(new SuppressionsMoved1765100000100());
    expect((await entries('nurture')).map((e) => `${e.kind}:${e.value}`)).toEqual(['address:ann@acme.example', 'address:late@acme.example', 'domain:xn--bcher-kva.de']);
    const moved = await events('nurture');
    // Every old event exactly once, in order, and nurture's own lift after them.
    expect(moved.filter((e) => e.reason !== 'lifted in nurture')).toEqual(old);
    expect(moved).toHaveLength(old.length + 1);
    expect(await exists('qualification.suppressions_moved')).toBe(false);
    expect(await exists('qualification.suppressions')).toBe(false);
  });

  it('is idempotent: a copy run again adds nothing', async () => {
    await freshSchemas();
    await seedOldList();
    await migrate(new NurtureInitial1765100000000());
    await migrate(new SuppressionsFromQualification1765100000100());
    const once = { entries: await entries('nurture'), events: await events('nurture') };
    await migrate(new SuppressionsFromQualification1765100000100());
    expect({ entries: await entries('nurture'), events: await events('nurture') }).toEqual(once);
  });

  it('moves nothing on a fresh install, in either order', async () => {
    await freshSchemas();
    await migrate(new NurtureInitial1765100000000());
    await migrate(new SuppressionsFromQualification1765100000100());
    await migrate(new SuppressionsMoved1765100000100());
    expect(await entries('nurture')).toEqual([]);
    expect(await exists('qualification.suppressions_moved')).toBe(false);

    await db.query('DROP SCHEMA IF EXISTS qualification CASCADE; DROP SCHEMA IF EXISTS nurture CASCADE; CREATE SCHEMA qualification; CREATE SCHEMA nurture');
    await migrate(new NurtureInitial1765100000000());
    await migrate(new SuppressionsFromQualification1765100000100());
    expect(await entries('nurture')).toEqual([]);
  });
});

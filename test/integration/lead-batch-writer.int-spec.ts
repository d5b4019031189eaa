import pg from 'pg';
import { LeadBatchWriter } from '../../services/harvest/src/leads/lead-batch-writer.js';
import { eventually, testStack } from '../setup/test-stack.js';

// The writer's fast path COPYs leads it did not find stored; these tests drive the race it must survive.
const pool = new pg.Pool({ connectionString: testStack().databaseUrl, max: 4 });
afterAll(() => pool.end());

const origin = (campaignId: string) => ({ source: 'csv' as const, campaignId, seenAt: new Date(), importId: undefined, sourceRef: 'race.csv' });

describe('LeadBatchWriter against a concurrent writer', () => {
  it('falls back to the merge path when another transaction stores a "new" email first, losing nothing', async () => {
    const email = `race-${Date.now()}@writer.example`;
    const other = await pool.connect();
    const mine = await pool.connect();
    try {
      // The other writer holds an uncommitted insert of the same email: invisible to our lookup, so the
      // fast path's COPY waits on the unique index, then fails once the other commits.
      const [otherPid, minePid] = await Promise.all([other, mine].map(async (c) => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid));
      await other.query('BEGIN');
      await other.query(`INSERT INTO harvest.leads (id, email, first_name, field_sources) VALUES (gen_random_uuid(), $1, 'Other', '{"first_name":"api"}')`, [email]);
      const writing = new LeadBatchWriter(mine).write(
        [
          { lead: { email, firstName: 'Mine', title: 'CTO' }, line: 2 },
          { lead: { email: `also-${email}`, firstName: 'Second' }, line: 3 },
        ],
        origin('race'),
      );
      // Commit only once our COPY is really waiting on the other's insert, whatever the machine's speed.
      await eventually(async () => {
        const { rows } = await pool.query<{ blocked: boolean }>('SELECT $2::int = ANY(pg_blocking_pids($1)) AS blocked', [minePid, otherPid]);
        return rows[0]!.blocked || undefined;
      }, 'the fast path to wait on the concurrent insert');
      await other.query('COMMIT');
      const result = await writing;
      expect(result).toEqual({ created: 1, merged: 1 });

      const { rows } = await pool.query(
        `SELECT l.email, l.first_name, l.title, (SELECT count(*)::int FROM harvest.lead_provenance p WHERE p.lead_id = l.id) AS provenance,
                (SELECT count(*)::int FROM harvest.lead_campaigns c WHERE c.lead_id = l.id AND c.campaign_id = 'race') AS membership
         FROM harvest.leads l WHERE l.email IN ($1, $2) ORDER BY l.email`,
        [`also-${email}`, email],
      );
      // The api-sourced first name outranks csv; the empty title is filled from the csv row.
      expect(rows).toEqual([
        { email: `also-${email}`, first_name: 'Second', title: null, provenance: 1, membership: 1 },
        { email, first_name: 'Other', title: 'CTO', provenance: 1, membership: 1 },
      ]);
    } finally {
      await other.query('ROLLBACK').catch(() => undefined);
      other.release();
      mine.release();
    }
  });

  it('writes new leads with their provenance line, campaign and technologies through the fast path', async () => {
    const email = `fresh-${Date.now()}@writer.example`;
    const client = await pool.connect();
    try {
      const result = await new LeadBatchWriter(client).write(
        [{ lead: { email, firstName: 'Tab\there', technologies: ['Go', 'say "hi"', 'C:\\x'] }, line: 41 }],
        origin('fast'),
      );
      expect(result).toEqual({ created: 1, merged: 0 });
    } finally {
      client.release();
    }
    const { rows } = await pool.query(
      `SELECT l.first_name, l.technologies, l.field_sources, p.source, p.line, p.source_ref, c.campaign_id
       FROM harvest.leads l JOIN harvest.lead_provenance p ON p.lead_id = l.id JOIN harvest.lead_campaigns c ON c.lead_id = l.id
       WHERE l.email = $1`,
      [email],
    );
    expect(rows).toEqual([
      {
        first_name: 'Tab\there',
        technologies: ['Go', 'say "hi"', 'C:\\x'],
        field_sources: { first_name: 'csv' },
        source: 'csv',
        line: 41,
        source_ref: 'race.csv',
        campaign_id: 'fast',
      },
    ]);
  });
});

import type pg from 'pg';
import { runnerEnv, pgClient, sandboxMessages, seedCampaign, seedEnrolments } from './nurture-sending/send-kit.js';
import { runSenderPool } from './nurture-sending/runner-pool.js';

// Several sender PROCESSES race for the same three mailboxes on the real PostgreSQL and SendGrid stand-in: the
// claim's mailbox row lock must keep every rolling 24 h and 1 h window and the spacing, whoever wins each race.
const campaignId = 'it-caps-race';
const MAILBOXES = [
  // 17 sends already in the last 24 h: 3 more fit the rolling day.
  { id: 'race-daily', dailyCap: 20, hourlyCap: 50, minSpacingSeconds: 0, history: 17, expected: 3 },
  { id: 'race-hourly', dailyCap: 200, hourlyCap: 5, minSpacingSeconds: 0, history: 0, expected: 5 },
  // Six sends a second apart fit in the runners' 4 s patience window... and then the hourly cap holds.
  { id: 'race-spacing', dailyCap: 200, hourlyCap: 6, minSpacingSeconds: 1, history: 0, expected: 6 },
];
const LEADS_PER_MAILBOX = 12;
const RUNNERS = 6;

let sql: pg.Client;

beforeAll(async () => {
  sql = await pgClient();
  await seedCampaign(sql, { campaignId, mailboxes: MAILBOXES, steps: [{ templateId: 'first' }] });
  // Earlier sends of the daily-capped mailbox, spread over the last 23 hours (other enrolments, no lead needed).
  const daily = MAILBOXES[0]!;
  for (let i = 0; i < daily.history; i++) {
    const e = await sql.query<{ id: string }>(
      `INSERT INTO nurture.enrolments (campaign_id, lead_id, email, display_name, tier, sequence_id, sequence_version, mailbox_id, status)
       VALUES ($1, gen_random_uuid(), $2, 'Earlier Lead', 'warm', 'main', 1, $3, 'completed') RETURNING id`,
      [campaignId, `earlier${i}@${campaignId}.example`, daily.id],
    );
    await sql.query(
      `INSERT INTO nurture.send_ledger (enrolment_id, step, variant, ledger_key, mailbox_id, status, message_id, scheduled_for, claimed_at, sent_at)
       VALUES ($1, 0, 'a', $2, $3, 'sent', $4, now() - make_interval(mins => $5), now() - make_interval(mins => $5), now() - make_interval(mins => $5))`,
      [e.rows[0]!.id, `${e.rows[0]!.id}/0/a`, daily.id, `<earlier${i}@mail.it.example>`, 70 + i * 80],
    );
  }
});

afterAll(() => sql.end());

it('racing sender processes never exceed a mailbox cap or its spacing', async () => {
  const enrolments = await seedEnrolments(
    sql,
    campaignId,
    MAILBOXES.map((m) => m.id),
    LEADS_PER_MAILBOX * MAILBOXES.length,
  );
  const started = Date.now();
  const report = await runSenderPool({
    runners: RUNNERS,
    jobs: enrolments.map((e) => ({ enrolmentId: e.enrolmentId, step: 0, threadMessageId: null })),
    env: runnerEnv(),
    deferWithinMs: 4_000,
  });
  const kinds = report.results.reduce<Record<string, number>>((n, r) => ((n[r.outcome.kind] = (n[r.outcome.kind] ?? 0) + 1), n), {});
  console.log(`caps race: ${RUNNERS} processes, ${enrolments.length} steps, ${Date.now() - started} ms, outcomes ${JSON.stringify(kinds)}`);
  expect(report.results).toHaveLength(enrolments.length);
  expect(report.kills).toBe(0);

  const claims = (
    await sql.query<{ mailbox_id: string; ms: number; status: string; ledger_key: string }>(
      `SELECT l.mailbox_id, (extract(epoch FROM l.claimed_at) * 1000)::float8 AS ms, l.status, l.ledger_key
         FROM nurture.send_ledger l JOIN nurture.enrolments e ON e.id = l.enrolment_id WHERE e.campaign_id = $1 ORDER BY l.claimed_at`,
      [campaignId],
    )
  ).rows;
  const sandbox = await sandboxMessages(campaignId);
  for (const m of MAILBOXES) {
    const mine = claims.filter((c) => c.mailbox_id === m.id);
    const fresh = mine.filter((c) => c.ms > started - 1000);
    // Exactly what the caps allow went out: no more (the caps), no less (the race lost nothing).
    expect({ mailbox: m.id, sent: fresh.length }).toEqual({ mailbox: m.id, sent: m.expected });
    expect(fresh.every((c) => c.status === 'sent')).toBe(true);
    const overCap = mine.flatMap((c) => {
      const inDay = mine.filter((o) => o.ms > c.ms - 86_400_000 && o.ms <= c.ms).length;
      const inHour = mine.filter((o) => o.ms > c.ms - 3_600_000 && o.ms <= c.ms).length;
      return [...(inDay > m.dailyCap ? [`${m.id}: ${inDay} in the 24 h before ${c.ms}`] : []), ...(inHour > m.hourlyCap ? [`${m.id}: ${inHour} in the hour before ${c.ms}`] : [])];
    });
    expect(overCap).toEqual([]);
    const gaps = fresh.slice(1).map((c, i) => c.ms - fresh[i]!.ms);
    expect(gaps.filter((g) => g < m.minSpacingSeconds * 1000)).toEqual([]);
    // The sandbox received exactly the ledger's sends from this mailbox, one message per ledger key.
    const received = sandbox.filter((s) => s.from.email === `${m.id}@sender.it.example`);
    expect(received.map((s) => s.customArgs.ledger_key).sort()).toEqual(fresh.map((c) => c.ledger_key).sort());
  }
  // Everyone else was deferred by the rule that binds, as a person reads it.
  const deferred = report.results.filter((r) => r.outcome.kind === 'deferred').map((r) => (r.outcome as { reason: string }).reason);
  expect(deferred).toHaveLength(enrolments.length - MAILBOXES.reduce((n, m) => n + m.expected, 0));
  expect(new Set(deferred.map((r) => r.replace(/\d+/g, 'N')))).toEqual(new Set(['mailbox cap: N/N h reached', 'mailbox hourly cap: N/h reached']));
});

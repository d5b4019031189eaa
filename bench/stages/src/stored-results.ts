import pg from 'pg';

export interface StoredResults {
  scores: number;
  scoreTiers: Record<string, number>;
  qualification: number;
  decisions: Record<string, number>;
  routes: number;
  outcomes: Record<string, number>;
  slaTimers: number;
}

const byKey = (rows: Array<{ k: string; n: string }>) => Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));

/**
 * What the three stages left in their own schemas for the campaign, read after the run: the report's counts are
 * checked against these, so a stage that counts leads it never stored (or stores without counting) shows up.
 */
export async function readStoredResults(databaseUrl: string, campaignId: string): Promise<StoredResults> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-stages-check' });
  await client.connect();
  try {
    const q = (sql: string) => client.query<{ k: string; n: string }>(sql, [campaignId]).then((r) => byKey(r.rows));
    const scoreTiers = await q(`SELECT tier AS k, count(*) AS n FROM scoring.lead_scores WHERE campaign_id = $1 GROUP BY tier`);
    const decisions = await q(`SELECT decision AS k, count(*) AS n FROM qualification.results WHERE campaign_id = $1 GROUP BY decision`);
    const outcomes = await q(`SELECT outcome AS k, count(*) AS n FROM routing.routes WHERE campaign_id = $1 GROUP BY outcome`);
    const sla = await q(`SELECT 'started' AS k, count(*) AS n FROM routing.routes WHERE campaign_id = $1 AND sla_started_at IS NOT NULL`);
    const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
    return { scores: sum(scoreTiers), scoreTiers, qualification: sum(decisions), decisions, routes: sum(outcomes), outcomes, slaTimers: sla.started ?? 0 };
  } finally {
    await client.end();
  }
}

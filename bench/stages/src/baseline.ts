import pg from 'pg';

export interface BaselineRun {
  ms: number;
  rows: number;
  tiers: Record<string, number>;
}

const ICP_INDUSTRIES = ['Software', 'Computer Software', 'SaaS', 'Internet', 'Information Technology and Services', 'Information Technology & Services'];
const ICP_COUNTRIES = ['US', 'CA', 'GB', 'IE', 'DE', 'AT', 'CH', 'NL', 'BE', 'LU', 'FR', 'SE', 'DK', 'NO', 'FI', 'AU'];
const CRM = ['Salesforce', 'HubSpot', 'Pipedrive', 'Marketo', 'Pardot', 'Outreach', 'Salesloft'];
const list = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');

/**
 * The floor the stages are compared with: ONE set-based statement over the same rows (the campaign's leads, joined
 * through harvest.lead_campaigns) that computes a score from the fit rules of the starter rule set as CASE
 * expressions, a tier from the score, and writes one row per lead. It is what a hand-written SQL job would do; it
 * keeps no explanation, checks no DNS, applies no routing, so it bounds from below what the stages can cost.
 */
export function baselineSql(campaignId: string): string {
  return `CREATE UNLOGGED TABLE public.bench_baseline AS
SELECT l.id AS lead_id, s.score,
       CASE WHEN s.score >= 75 THEN 'hot' WHEN s.score >= 55 THEN 'warm' WHEN s.score >= 35 THEN 'cool' ELSE 'cold' END AS tier
FROM harvest.lead_campaigns c
JOIN harvest.leads l ON l.id = c.lead_id
CROSS JOIN LATERAL (SELECT greatest(0, least(100,
    CASE WHEN l.industry IN (${list(ICP_INDUSTRIES)}) THEN 15
         WHEN l.industry ~* '(software|saas|cloud)' THEN 5 ELSE 0 END
  + CASE WHEN l.employee_count BETWEEN 50 AND 1000 THEN 15
         WHEN l.employee_count BETWEEN 1001 AND 5000 THEN 10
         WHEN l.employee_count <= 10 THEN -10 ELSE 0 END
  + CASE WHEN l.revenue_band IN ('$10M-$50M', '$50M-$100M', '$100M-$500M') THEN 5 ELSE 0 END
  + CASE WHEN l.country IN (${list(ICP_COUNTRIES)}) THEN 5 WHEN l.country IS NOT NULL THEN -10 ELSE 0 END
  + CASE WHEN l.title IS NULL THEN -5
         WHEN l.title ~* '\\m(ceo|cto|cfo|coo|cio|chief|founder|vp|svp|vice president)\\M' THEN 20
         WHEN l.title ~* '\\m(head|director)\\M' THEN 15
         WHEN l.title ~* '\\mmanager\\M' THEN 8 ELSE 0 END
  + CASE WHEN l.title ~* '\\m(sales|marketing|revenue|growth|customer success|account)' THEN 10 ELSE 0 END
  + CASE WHEN l.technologies && ARRAY[${list(CRM)}]::text[] THEN 8 ELSE 0 END
  + CASE WHEN l.notes ~* '(pricing|price|quote|demo|trial|proposal|evaluating|replace)' THEN 10
         WHEN l.notes ~* '(student|intern|looking for a job)' THEN -15 ELSE 0 END)) AS score) s
WHERE c.campaign_id = ${pg.escapeLiteral(campaignId)}`;
}

/** Times the statement (after a CHECKPOINT, so it does not pay for the set-up's dirty pages), then drops its table. */
export async function runBaseline(databaseUrl: string, campaignId: string): Promise<BaselineRun> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-stages-baseline' });
  await client.connect();
  try {
    await client.query('DROP TABLE IF EXISTS public.bench_baseline');
    await client.query('CHECKPOINT');
    const started = performance.now();
    const result = await client.query(baselineSql(campaignId));
    const ms = performance.now() - started;
    const { rows } = await client.query<{ tier: string; n: string }>('SELECT tier, count(*) AS n FROM public.bench_baseline GROUP BY tier');
    await client.query('DROP TABLE public.bench_baseline');
    return { ms, rows: result.rowCount ?? 0, tiers: Object.fromEntries(rows.map((r) => [r.tier, Number(r.n)])) };
  } finally {
    await client.end();
  }
}

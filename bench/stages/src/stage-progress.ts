import pg from 'pg';

/**
 * Rows the stages have written so far, from PostgreSQL's statistics (pg_stat_user_tables.n_tup_ins: cheap, no
 * scan of a million rows, at most a second or so behind). Activity heartbeats are no use for this: the SDK
 * throttles them, so the server's copy lags by up to a minute.
 */
export class StageProgress {
  private readonly client: pg.Client;

  private constructor(databaseUrl: string) {
    this.client = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-stages-progress' });
  }

  static async open(databaseUrl: string): Promise<StageProgress> {
    const p = new StageProgress(databaseUrl);
    await p.client.connect();
    p.client.on('error', () => undefined); // the server stopping under us must not crash the benchmark
    return p;
  }

  async line(): Promise<string> {
    const { rows } = await this.client.query<{ t: string; n: string }>(
      `SELECT schemaname || '.' || relname AS t, n_tup_ins AS n FROM pg_stat_user_tables
       WHERE (schemaname, relname) IN (('scoring', 'lead_scores'), ('qualification', 'results'), ('routing', 'routes'))`,
    );
    const n = (t: string) => Number(rows.find((r) => r.t === t)?.n ?? 0).toLocaleString('en-US');
    return `rows written: scores ${n('scoring.lead_scores')}, qualification ${n('qualification.results')}, routes ${n('routing.routes')}`;
  }

  close(): Promise<void> {
    return this.client.end().catch(() => undefined);
  }
}

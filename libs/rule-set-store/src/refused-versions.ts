import type { DataSource } from 'typeorm';
import type { RuleSetValidation } from '#libs/rule-set-kit';

/** A stored version today's validator would refuse, with its first problems as `path: message`. */
export interface RefusedVersion {
  campaignId: string;
  version: number;
  status: string;
  problems: string[];
  problemCount: number;
}

const PAGE = 200;
const PROBLEMS_SHOWN = 10;

/**
 * Reads every stored version of a stage (a page at a time: bodies can be large) and validates it as saved,
 * with its stored number as the version. Reading only: nothing is rewritten.
 */
export async function findRefusedVersions(
  db: DataSource,
  schema: string,
  validate: (body: unknown, version: number) => RuleSetValidation<unknown>,
): Promise<RefusedVersion[]> {
  const refused: RefusedVersion[] = [];
  let after: [string, number] = ['', 0];
  for (;;) {
    const rows: Array<{ campaign_id: string; version: number; status: string; body: unknown }> = await db.query(
      `SELECT campaign_id, version, status, body FROM ${schema}.rule_sets WHERE (campaign_id, version) > ($1, $2) ORDER BY campaign_id, version LIMIT ${PAGE}`,
      after,
    );
    for (const row of rows) {
      const result = validate(row.body, row.version);
      if (result.ok) continue;
      refused.push({
        campaignId: row.campaign_id,
        version: row.version,
        status: row.status,
        problems: result.errors.slice(0, PROBLEMS_SHOWN).map((e) => `${e.path || '(rule set)'}: ${e.message}`),
        problemCount: result.errors.length,
      });
    }
    if (rows.length < PAGE) return refused;
    const last = rows[rows.length - 1]!;
    after = [last.campaign_id, last.version];
  }
}

import type { EntityManager } from 'typeorm';

/**
 * Sequences and templates are versioned per (campaign, id): a change inserts version n+1 and never rewrites an
 * old one, because enrolments pin the version they started on. Writers of one (campaign, id) take a transaction
 * advisory lock so two concurrent saves get n+1 and n+2, not a unique violation.
 */
export async function lockDefinition(m: EntityManager, table: 'sequences' | 'templates', campaignId: string, id: string): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`nurture.${table}:${campaignId}:${id}`]);
}

export async function latestVersion(m: EntityManager, table: 'sequences' | 'templates', campaignId: string, id: string): Promise<number | null> {
  const [row]: Array<{ v: number | null }> = await m.query(`SELECT max(version) AS v FROM nurture.${table} WHERE campaign_id = $1 AND id = $2`, [campaignId, id]);
  return row?.v ?? null;
}

/** `?version=`: absent for the latest, else a whole number ≥ 1. */
export function parseVersionQuery(value: unknown): number | null | 'invalid' {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string' || !/^[1-9]\d{0,8}$/.test(value)) return 'invalid';
  return Number(value);
}

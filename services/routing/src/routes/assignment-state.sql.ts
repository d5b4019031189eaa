import type { QueryRunner } from 'typeorm';
import type { RoutingState } from '#libs/lead-routing';
import { queryRows } from '../database/sql.js';

/**
 * Locks the campaign's round-robin state row until the transaction ends (creating it on first use) and returns
 * the state. Every writer of routes or owners takes this lock first, so pages of one campaign (two attempts of
 * one activity, a run-now beside the scheduled run, an SLA reassignment) never assign from the same counts.
 */
export async function lockAssignmentState(q: QueryRunner, campaignId: string): Promise<RoutingState | undefined> {
  const [row] = await queryRows<{ state: RoutingState | null }>(
    q,
    `INSERT INTO routing.assignment_state AS s (campaign_id) VALUES ($1)
     ON CONFLICT (campaign_id) DO UPDATE SET updated_at = s.updated_at
     RETURNING s.state`,
    [campaignId],
  );
  return row?.state ?? undefined;
}

export async function saveAssignmentState(q: QueryRunner, campaignId: string, state: RoutingState): Promise<void> {
  await q.query(`UPDATE routing.assignment_state SET state = $2::jsonb, updated_at = now() WHERE campaign_id = $1`, [campaignId, JSON.stringify(state)]);
}

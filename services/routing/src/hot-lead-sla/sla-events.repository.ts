import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, QueryRunner } from 'typeorm';
import type { HotLeadSlaOutcome } from '#libs/contracts';
import type { RoutingState } from '#libs/lead-routing';
import { inTransaction, queryRows } from '../database/sql.js';
import { lockAssignmentState, saveAssignmentState } from '../routes/assignment-state.sql.js';
import type { SlaRoute } from './sla-outcome.js';

/** One SLA round of one lead, inside a transaction that holds the campaign's state lock and the route's row. */
export interface SlaTx {
  state: RoutingState | undefined;
  /** The decision already recorded for this round (a retried activity), if any. */
  recorded: HotLeadSlaOutcome | null;
  route: SlaRoute | undefined;
  reassign(toOwner: string, at: string, reason: string): Promise<void>;
  noteEscalation(toOwner: string, reason: string): Promise<void>;
  saveState(state: RoutingState): Promise<void>;
  record(outcome: HotLeadSlaOutcome, fromOwner: string | null, at: string): Promise<void>;
}

type RouteRow = { tier: SlaRoute['tier']; outcome: SlaRoute['outcome']; owner_id: string | null; territory_id: string | null; rule_set_version: number; touched_at: Date | null };

@Injectable()
export class SlaEventsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Locks in the same order as a routing page (state, then route), so the two never deadlock. */
  inSlaRound<T>(campaignId: string, leadId: string, slaRoutedAt: string, fn: (tx: SlaTx) => Promise<T>): Promise<T> {
    return inTransaction(this.db, async (q) => {
      const state = await lockAssignmentState(q, campaignId);
      const [event] = await queryRows<{ action: HotLeadSlaOutcome['action']; to_owner: string | null; reason: string }>(
        q,
        `SELECT action, to_owner, reason FROM routing.sla_events WHERE campaign_id = $1 AND lead_id = $2 AND sla_routed_at = $3`,
        [campaignId, leadId, slaRoutedAt],
      );
      const [row] = await queryRows<RouteRow>(
        q,
        `SELECT tier, outcome, owner_id, territory_id, rule_set_version, touched_at FROM routing.routes WHERE campaign_id = $1 AND lead_id = $2 FOR UPDATE`,
        [campaignId, leadId],
      );
      return fn({
        state,
        recorded: event ? { action: event.action, ...(event.to_owner !== null ? { to: event.to_owner } : {}), reason: event.reason } : null,
        route: row
          ? { tier: row.tier, outcome: row.outcome, ownerId: row.owner_id, territoryId: row.territory_id, ruleSetVersion: row.rule_set_version, touchedAt: row.touched_at }
          : undefined,
        reassign: (toOwner, at, reason) => this.reassign(q, campaignId, leadId, toOwner, at, reason),
        noteEscalation: (toOwner, reason) => this.appendReason(q, campaignId, leadId, { code: 'sla-escalated', message: `escalated to ${toOwner}: ${reason}` }),
        saveState: (next) => saveAssignmentState(q, campaignId, next),
        record: (outcome, fromOwner, at) => this.record(q, campaignId, leadId, slaRoutedAt, outcome, fromOwner, at),
      });
    });
  }

  /** The lead changes hands from now on; its earlier touches no longer count, and the reason joins its route. */
  private async reassign(q: QueryRunner, campaignId: string, leadId: string, toOwner: string, at: string, reason: string): Promise<void> {
    await q.query(
      `UPDATE routing.routes
       SET owner_id = $3, routed_at = $4, sla_due_at = NULL, sla_started_at = NULL,
           reasons = reasons || jsonb_build_array(jsonb_build_object('code', 'sla-reassigned', 'message', $5::text))
       WHERE campaign_id = $1 AND lead_id = $2`,
      [campaignId, leadId, toOwner, at, reason],
    );
  }

  private async appendReason(q: QueryRunner, campaignId: string, leadId: string, reason: { code: string; message: string }): Promise<void> {
    await q.query(
      `UPDATE routing.routes SET reasons = reasons || jsonb_build_array(jsonb_build_object('code', $3::text, 'message', $4::text)) WHERE campaign_id = $1 AND lead_id = $2`,
      [campaignId, leadId, reason.code, reason.message],
    );
  }

  private async record(q: QueryRunner, campaignId: string, leadId: string, slaRoutedAt: string, outcome: HotLeadSlaOutcome, fromOwner: string | null, at: string): Promise<void> {
    await q.query(
      `INSERT INTO routing.sla_events (campaign_id, lead_id, sla_routed_at, action, from_owner, to_owner, reason, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT ON CONSTRAINT sla_events_one_per_round DO NOTHING`,
      [campaignId, leadId, slaRoutedAt, outcome.action, fromOwner, outcome.to ?? null, outcome.reason, at],
    );
  }
}

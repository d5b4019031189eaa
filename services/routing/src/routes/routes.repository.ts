import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, QueryRunner } from 'typeorm';
import type { RoutingState } from '#libs/lead-routing';
import { inTransaction, queryRows, withRunner } from '../database/sql.js';
import { lockAssignmentState } from './assignment-state.sql.js';
import type { ExistingRoute } from './lead-selection.js';
import type { RouteRows } from './route-rows.js';

export interface PageMeta {
  ruleSetVersion: number;
  runId: string;
  /** ISO time; also the `routedAt` of the hot-lead SLA timers started for this page. */
  routedAt: string;
}

/** A page's transaction: the campaign's state is locked from the start until commit. */
export interface RoutingPageTx {
  state: RoutingState | undefined;
  writePage(rows: RouteRows, state: RoutingState, meta: PageMeta): Promise<void>;
}

/** Another attempt or run is routing this campaign right now. */
export class CampaignRoutingBusyError extends Error {
  constructor(campaignId: string, waitedMs: number) {
    super(`campaign ${campaignId} is being routed by another attempt or run; waited ${Math.round(waitedMs / 1000)} s`);
    this.name = 'CampaignRoutingBusyError';
  }
}

export interface PendingSlaTimer {
  leadId: string;
  ownerId: string;
  routedAt: Date;
  slaDueAt: Date;
}

type ExistingRow = { leadId: string; tier: ExistingRoute['tier']; outcome: ExistingRoute['outcome']; stageChanged: boolean };

/** The route stage's set-based SQL: one statement per step for a whole page, never one per lead. */
@Injectable()
export class RoutesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The page's existing routes in this campaign, and whether each lead's stage was set after it was routed (a
   * do-not-contact block may no longer hold). Taken under the run lock, so it stays true until the page is written.
   */
  async existingRoutes(campaignId: string, leadIds: readonly string[]): Promise<Map<string, ExistingRoute>> {
    if (leadIds.length === 0) return new Map();
    const rows: ExistingRow[] = await this.db.query(
      `SELECT r.lead_id AS "leadId", r.tier, r.outcome, coalesce(s.updated_at > r.routed_at, false) AS "stageChanged"
       FROM routing.routes r LEFT JOIN routing.lead_stages s ON s.lead_id = r.lead_id
       WHERE r.campaign_id = $1 AND r.lead_id = ANY($2::uuid[])`,
      [campaignId, leadIds],
    );
    return new Map(rows.map((r) => [r.leadId, { tier: r.tier, outcome: r.outcome, stageChanged: r.stageChanged }]));
  }

  /**
   * One routing run per campaign at a time, whoever starts it (a retry while a stalled attempt still runs, a
   * run-now beside the scheduled run): a session advisory lock held for the whole run, on a connection of its
   * own, released when the run ends or its process dies. So the snapshot a page is judged on stays true until
   * the page is written. Waits up to `waitMs`, calling `waiting` each second (to heartbeat).
   */
  async withCampaignRunLock<T>(campaignId: string, o: { waitMs: number; waiting: () => void }, fn: () => Promise<T>): Promise<T> {
    return withRunner(this.db, async (q) => {
      const started = Date.now();
      for (;;) {
        const [{ locked }] = await queryRows<{ locked: boolean }>(q, `SELECT pg_try_advisory_lock(hashtext('aicmo:routing:campaign'), hashtext($1)) AS locked`, [campaignId]);
        if (locked) break;
        if (Date.now() - started >= o.waitMs) throw new CampaignRoutingBusyError(campaignId, Date.now() - started);
        o.waiting();
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      try {
        return await fn();
      } finally {
        await q.query(`SELECT pg_advisory_unlock(hashtext('aicmo:routing:campaign'), hashtext($1))`, [campaignId]).catch(() => undefined);
      }
    });
  }

  /** Runs `fn` in one transaction holding the campaign's state row: routes and state commit together. */
  routePage<T>(campaignId: string, fn: (tx: RoutingPageTx) => Promise<T>): Promise<T> {
    return inTransaction(this.db, async (q) => {
      const state = await lockAssignmentState(q, campaignId);
      return fn({ state, writePage: (rows, next, meta) => this.writePage(q, campaignId, rows, next, meta) });
    });
  }

  /**
   * The page's routes and the state after them, in one statement. A lead re-judged gets its new decision and a
   * fresh SLA; an enrolled route is never overwritten (the WHERE is a second line behind the run lock).
   */
  private async writePage(q: QueryRunner, campaignId: string, rows: RouteRows, state: RoutingState, meta: PageMeta): Promise<void> {
    await q.query(
      `WITH saved_state AS (
         UPDATE routing.assignment_state SET state = $13::jsonb, updated_at = now() WHERE campaign_id = $1
       )
       INSERT INTO routing.routes AS r
         (campaign_id, lead_id, tier, sequence_id, owner_id, territory_id, outcome, reasons, rule_set_version, run_id, routed_at, sla_due_at)
       SELECT $1, u.lead_id, u.tier, u.sequence_id, u.owner_id, u.territory_id, u.outcome, u.reasons::jsonb, $2, $3, $4, u.sla_due_at
       FROM unnest($5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::timestamptz[])
         AS u(lead_id, tier, sequence_id, owner_id, territory_id, outcome, reasons, sla_due_at)
       ON CONFLICT (campaign_id, lead_id) DO UPDATE SET
         tier = EXCLUDED.tier, sequence_id = EXCLUDED.sequence_id, owner_id = EXCLUDED.owner_id,
         territory_id = EXCLUDED.territory_id, outcome = EXCLUDED.outcome, reasons = EXCLUDED.reasons,
         rule_set_version = EXCLUDED.rule_set_version, run_id = EXCLUDED.run_id, routed_at = EXCLUDED.routed_at,
         sla_due_at = EXCLUDED.sla_due_at, sla_started_at = NULL
       WHERE r.outcome <> 'enrol'`,
      [
        campaignId,
        meta.ruleSetVersion,
        meta.runId,
        meta.routedAt,
        rows.leadIds,
        rows.tiers,
        rows.sequenceIds,
        rows.ownerIds,
        rows.territoryIds,
        rows.outcomes,
        rows.reasons,
        rows.slaDueAts,
        JSON.stringify(state),
      ],
    );
  }

  /** Hot leads enrolled whose SLA timer never reached Temporal (a crash or an outage after the commit). */
  async pendingSlaTimers(campaignId: string, limit: number): Promise<PendingSlaTimer[]> {
    return this.db.query(
      `SELECT lead_id AS "leadId", owner_id AS "ownerId", routed_at AS "routedAt", sla_due_at AS "slaDueAt"
       FROM routing.routes
       WHERE campaign_id = $1 AND sla_due_at IS NOT NULL AND sla_started_at IS NULL AND outcome = 'enrol'
       ORDER BY lead_id LIMIT $2`,
      [campaignId, limit],
    );
  }

  async markSlaTimersStarted(campaignId: string, leadIds: readonly string[]): Promise<void> {
    if (leadIds.length === 0) return;
    await this.db.query(`UPDATE routing.routes SET sla_started_at = now() WHERE campaign_id = $1 AND lead_id = ANY($2::uuid[]) AND sla_started_at IS NULL`, [campaignId, leadIds]);
  }
}

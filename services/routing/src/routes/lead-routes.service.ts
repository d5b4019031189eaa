import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Logger } from '#libs/logging';
import { HotLeadSlaTimers } from '../hot-lead-sla/hot-lead-sla-timers.js';
import { RoutingError } from '../routing-errors.js';
import { ROUTING_LOGGER } from '../routing-logger.js';
import { toRouteView, type RouteRow, type RouteView, type SlaEventRow } from './route-view.js';

export interface TouchResult {
  campaignId: string;
  leadId: string;
  touchedAt: string;
  /** A running SLA timer was told; false when none runs (not hot, finished, or Temporal unreachable). */
  slaTimerSignalled: boolean;
}

/** One lead's route: read it with its reasons and SLA history, and record that its owner worked it. */
@Injectable()
export class LeadRoutesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly timers: HotLeadSlaTimers,
    @Inject(ROUTING_LOGGER) private readonly log: Logger,
  ) {}

  async get(campaignId: string, leadId: string): Promise<RouteView> {
    const [route]: RouteRow[] = await this.db.query(`SELECT * FROM routing.routes WHERE campaign_id = $1 AND lead_id = $2`, [campaignId, leadId]);
    if (!route) throw notRouted(campaignId, leadId);
    const events: SlaEventRow[] = await this.db.query(
      `SELECT action, from_owner, to_owner, reason, at FROM routing.sla_events WHERE campaign_id = $1 AND lead_id = $2 ORDER BY at, id`,
      [campaignId, leadId],
    );
    return toRouteView(route, events);
  }

  /**
   * The touch is stored first: an SLA that fires before or without the signal still finds it. Then the running
   * timer, if any, is told so it stops early; Temporal being away is not the caller's problem.
   */
  async touch(campaignId: string, leadId: string, touch: { at: Date; by: string | null }): Promise<TouchResult> {
    const [rows]: [Array<{ touched_at: Date; sla_started: boolean }>, number] = await this.db.query(
      `UPDATE routing.routes SET touched_at = GREATEST(touched_at, $3::timestamptz)
       WHERE campaign_id = $1 AND lead_id = $2
       RETURNING touched_at, sla_started_at IS NOT NULL AS sla_started`,
      [campaignId, leadId, touch.at.toISOString()],
    );
    const row = rows[0];
    if (!row) throw notRouted(campaignId, leadId);
    let signalled = false;
    if (row.sla_started) {
      try {
        signalled = await this.timers.touched(campaignId, leadId, { at: touch.at.toISOString(), ...(touch.by !== null ? { by: touch.by } : {}) });
      } catch (err) {
        this.log.warn({ campaignId, leadId, err: String(err) }, 'touch stored, but the SLA timer could not be signalled');
      }
    }
    return { campaignId, leadId, touchedAt: row.touched_at.toISOString(), slaTimerSignalled: signalled };
  }
}

function notRouted(campaignId: string, leadId: string): RoutingError {
  return new RoutingError('route_not_found', `lead ${leadId} has no route in campaign ${campaignId}`, [{ field: 'leadId', message: 'not routed in this campaign' }]);
}

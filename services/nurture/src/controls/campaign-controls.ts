import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TERMINAL_NURTURE_STATUSES, type NurtureControl } from '#libs/contracts';
import { lockCampaign } from '../admission/enrolment-admission.js';
import { ensureSettingsRow, type CampaignNurtureState } from '../definitions/settings-store.js';
import { NurtureError } from '../nurture-errors.js';
import { EnrolmentSignals } from './enrolment-signals.js';
import type { FanoutResult } from './signal-fanout.js';
import { queryRows } from '../database/sql-rows.js';

export type ControlAction = NurtureControl['action'];

export interface ControlOutcome {
  campaignId: string;
  action: ControlAction;
  state: CampaignNurtureState;
  stateReason: string | null;
  /** False when the campaign already was in that state (the signals still go out: a retry must reach everyone). */
  changed: boolean;
  /** Stop only: enrolments ended by this call. */
  enrolmentsStopped: number;
  signals: FanoutResult;
}

const NEXT_STATE: Record<ControlAction, CampaignNurtureState> = { pause: 'paused', resume: 'active', stop: 'stopped' };
// Enrolments that have (or are about to have) a workflow to tell.
const WITH_WORKFLOW = ['admitted', 'waiting', 'sending', 'held', 'paused'];

/**
 * Pause, resume and stop per campaign. The state is written first, in the database, under the campaign's lock
 * (admission takes it too): it is authoritative, the sender reads it inside its claim transaction, so a send can
 * never slip through between here and a workflow hearing the signal. Then every open enrolment's workflow is
 * signalled in bounded batches. Stop also ends every open enrolment's row (queued ones never start).
 */
@Injectable()
export class CampaignControls {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly signals: EnrolmentSignals,
  ) {}

  async apply(campaignId: string, action: ControlAction, reason: string, by: string | undefined): Promise<ControlOutcome> {
    const state = NEXT_STATE[action];
    const { changed, leadIds, stopped } = await this.db.transaction(async (m) => {
      await lockCampaign(m, campaignId);
      await ensureSettingsRow(m, campaignId);
      const [current]: Array<{ state: CampaignNurtureState }> = await m.query(`SELECT state FROM nurture.campaign_settings WHERE campaign_id = $1 FOR UPDATE`, [campaignId]);
      if (current!.state === 'stopped' && action !== 'stop') {
        throw new NurtureError('campaign_stopped', `campaign ${campaignId} is stopped; its enrolments have ended and cannot be ${action}d`, [{ field: 'campaignId', message: 'the campaign is stopped' }]);
      }
      await m.query(`UPDATE nurture.campaign_settings SET state = $2, state_reason = $3, updated_at = now() WHERE campaign_id = $1`, [campaignId, state, reason]);
      if (action === 'stop') {
        const rows = await queryRows(
          m,
          `UPDATE nurture.enrolments SET status = 'stopped', hold_reason = NULL, next_send_at = NULL, last_decision = $3, ended_at = now(), updated_at = now()
           WHERE campaign_id = $1 AND NOT (status = ANY($2::text[])) RETURNING 1`,
          [campaignId, TERMINAL_NURTURE_STATUSES, `campaign stopped: ${reason}`],
        );
        // Every stopped enrolment that ever had a workflow is told, not only those stopped now: a repeated stop
        // reaches the workflows an earlier call could not signal. Finished ones answer not-running.
        const told: Array<{ lead_id: string }> = await m.query(
          `SELECT lead_id FROM nurture.enrolments WHERE campaign_id = $1 AND status = 'stopped' AND admitted_on IS NOT NULL ORDER BY lead_id`,
          [campaignId],
        );
        return { changed: current!.state !== state, leadIds: told.map((r) => r.lead_id), stopped: rows.length };
      }
      const rows: Array<{ lead_id: string }> = await m.query(`SELECT lead_id FROM nurture.enrolments WHERE campaign_id = $1 AND status = ANY($2::text[]) ORDER BY lead_id`, [campaignId, WITH_WORKFLOW]);
      return { changed: current!.state !== state, leadIds: rows.map((r) => r.lead_id), stopped: 0 };
    });
    const signals = await this.signals.control(campaignId, leadIds, { action, reason, ...(by ? { by } : {}) });
    return { campaignId, action, state, stateReason: reason, changed, enrolmentsStopped: stopped, signals };
  }
}

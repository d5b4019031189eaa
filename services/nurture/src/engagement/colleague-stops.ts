import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { COLLEAGUE_STOP_POLICIES, type AccountReplyRequest, type AccountReplyResult, type ColleagueStopPolicy } from '#libs/contracts';
import type { Logger } from '#libs/logging';
import { EnrolmentSignals } from '../controls/enrolment-signals.js';
import type { FanoutResult } from '../controls/signal-fanout.js';
import { queryRows } from '../database/sql-rows.js';
import { NURTURE_LOGGER } from '../nurture-logger.js';
import { OPEN_STATUSES } from '../suppressions/opt-out-rules.js';
import { colleagueScope, colleagueStopDecision, companyDomainOf } from './company-domain.js';

/** Some colleagues' workflows were not told; their rows already say stopped. A retry tells them, with no second effect. */
export class ColleagueSignalsFailed extends Error {
  constructor(readonly failed: FanoutResult['failed']) {
    super(`colleagues stopped, but ${failed.length} workflow(s) could not be signalled: ${failed.slice(0, 5).map((f) => `${f.workflowId}: ${f.error}`).join('; ')}`);
    this.name = 'ColleagueSignalsFailed';
  }
}

/**
 * A lead replied: per the campaign's colleague-stop setting, every open enrolment at the same company domain
 * (never a free-mail one) ends, in this campaign or in all, except the one who replied (the reply signal ends
 * that one). Rows first, in one statement; then each workflow hears a control stop. The decision text carries
 * the event id, so a repeated call ends nobody new and finds the same workflows to tell again.
 */
@Injectable()
export class ColleagueStops {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly signals: EnrolmentSignals,
    @Inject(NURTURE_LOGGER) private readonly log: Logger,
  ) {}

  async apply(r: AccountReplyRequest): Promise<AccountReplyResult> {
    const policy = await this.policyOf(r.campaignId);
    const companyDomain = companyDomainOf(r.email);
    const scope = colleagueScope(policy, r.campaignId);
    if (companyDomain === null || !scope.stop) return { companyDomain, policy, stopped: 0 };

    const { reason, decision } = colleagueStopDecision(companyDomain, r.eventId);
    const { stopped, told } = await this.db.transaction(async (m) => {
      const ended = await queryRows(
        m,
        `UPDATE nurture.enrolments SET status = 'stopped', last_decision = $6, hold_reason = NULL, next_send_at = NULL,
                ended_at = coalesce(ended_at, $7::timestamptz), updated_at = now()
          WHERE split_part(lower(email), '@', 2) = $1 AND lead_id <> $2::uuid AND lower(email) <> lower($3)
            AND ($4::text IS NULL OR campaign_id = $4) AND status = ANY($5::text[])
          RETURNING 1`,
        [companyDomain, r.leadId, r.email, scope.campaignId, OPEN_STATUSES, decision, r.at],
      );
      // Ended now or by an earlier call of this event: a retry reaches the workflows a failed call missed.
      const told: Array<{ campaign_id: string; lead_id: string }> = await m.query(
        `SELECT campaign_id, lead_id FROM nurture.enrolments WHERE status = 'stopped' AND last_decision = $1 AND admitted_on IS NOT NULL ORDER BY campaign_id, lead_id`,
        [decision],
      );
      return { stopped: ended.length, told };
    });

    const failed: FanoutResult['failed'] = [];
    for (const [campaignId, leadIds] of groupByCampaign(told)) {
      const result = await this.signals.control(campaignId, leadIds, { action: 'stop', reason });
      failed.push(...result.failed);
    }
    this.log.info({ campaignId: r.campaignId, leadId: r.leadId, eventId: r.eventId, companyDomain, policy, stopped, told: told.length, failed: failed.length }, 'account reply: colleagues stopped');
    if (failed.length > 0) throw new ColleagueSignalsFailed(failed);
    return { companyDomain, policy, stopped };
  }

  /** The campaign's setting; a campaign with no saved settings stops colleagues in the same campaign. */
  private async policyOf(campaignId: string): Promise<ColleagueStopPolicy> {
    const [row]: Array<{ colleague_stop: string }> = await this.db.query(`SELECT colleague_stop FROM nurture.campaign_settings WHERE campaign_id = $1`, [campaignId]);
    const value = row?.colleague_stop;
    return (COLLEAGUE_STOP_POLICIES as readonly string[]).includes(value ?? '') ? (value as ColleagueStopPolicy) : 'campaign';
  }
}

function groupByCampaign(rows: ReadonlyArray<{ campaign_id: string; lead_id: string }>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.campaign_id, [...(out.get(r.campaign_id) ?? []), r.lead_id]);
  return out;
}

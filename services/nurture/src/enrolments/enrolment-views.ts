import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { NurtureCampaignSummary, NurtureStatusName, Tier } from '#libs/contracts';
import { localDay, queueOrderSql, tierRankSql } from '../admission/admission-rules.js';
import { CampaignCapacity } from '../admission/campaign-capacity.js';
import { SettingsStore } from '../definitions/settings-store.js';


export interface QueuedLead {
  position: number;
  enrolmentId: string;
  leadId: string;
  tier: Tier;
  score: number;
  sequenceId: string;
  ownerId: string | null;
  mailboxId: string | null;
  queuedAt: string;
  /** Why the lead cannot be admitted even with capacity (no sequence definition, no mailbox); null: it waits its turn. */
  holdReason: string | null;
}

export interface EnrolmentRecord {
  enrolmentId: string;
  campaignId: string;
  leadId: string;
  status: NurtureStatusName;
  tier: Tier;
  score: number;
  sequenceId: string;
  sequenceVersion: number | null;
  mailboxId: string | null;
  ownerId: string | null;
  currentStep: number;
  nextSendAt: string | null;
  holdReason: string | null;
  lastDecision: string | null;
  /** Rank in the campaign's admission order while queued, else null. */
  queuePosition: number | null;
  queuedAt: string;
  admittedOn: string | null;
  startedAt: string | null;
  endedAt: string | null;
  updatedAt: string;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Read views of the enrolments: the queue with positions, a campaign's summary, a lead's enrolments. */
@Injectable()
export class EnrolmentViews {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsStore,
    private readonly capacity: CampaignCapacity,
  ) {}

  /** Queued leads in admission order; `after` is the last position of the previous page. */
  async queue(campaignId: string, after: number, limit: number): Promise<{ items: QueuedLead[]; next: string | null; total: number }> {
    const rows: Array<{ id: string; lead_id: string; tier: Tier; score: number; sequence_id: string; owner_id: string | null; mailbox_id: string | null; queued_at: Date; hold_reason: string | null; position: string; total: string }> =
      await this.db.query(
        `SELECT * FROM (
           SELECT id, lead_id, tier, score, sequence_id, owner_id, mailbox_id, queued_at, hold_reason,
                  row_number() OVER (ORDER BY ${queueOrderSql('q0')}) AS position, count(*) OVER () AS total
           FROM nurture.enrolments q0 WHERE campaign_id = $1 AND status = 'queued'
         ) q WHERE position > $2 ORDER BY position LIMIT $3`,
        [campaignId, after, limit],
      );
    const items = rows.map((r) => ({
      position: Number(r.position),
      enrolmentId: r.id,
      leadId: r.lead_id,
      tier: r.tier,
      score: r.score,
      sequenceId: r.sequence_id,
      ownerId: r.owner_id,
      mailboxId: r.mailbox_id,
      queuedAt: r.queued_at.toISOString(),
      holdReason: r.hold_reason,
    }));
    let total = rows.length > 0 ? Number(rows[0]!.total) : 0;
    if (rows.length === 0) {
      const [c]: Array<{ n: number }> = await this.db.query(`SELECT count(*)::int AS n FROM nurture.enrolments WHERE campaign_id = $1 AND status = 'queued'`, [campaignId]);
      total = c!.n;
    }
    const last = items[items.length - 1];
    return { items, next: items.length === limit && last && last.position < total ? String(last.position) : null, total };
  }

  /**
   * Enrolments by status, the open ones (started, not ended) by the step they are at (0-based, the next step to
   * send, as in the status query), and the capacity that paces admission today.
   */
  async summary(campaignId: string, now = new Date()): Promise<NurtureCampaignSummary> {
    const settings = await this.settings.get(campaignId);
    const day = localDay(now.toISOString(), settings.timeZone);
    const [byStatus, byStep, admitted, limit, pausedMailboxes] = await Promise.all([
      this.db.query(`SELECT status, count(*)::int AS n FROM nurture.enrolments WHERE campaign_id = $1 GROUP BY status`, [campaignId]) as Promise<Array<{ status: NurtureStatusName; n: number }>>,
      this.db.query(
        `SELECT current_step, count(*)::int AS n FROM nurture.enrolments WHERE campaign_id = $1 AND status IN ('waiting', 'sending', 'held', 'paused') GROUP BY current_step`,
        [campaignId],
      ) as Promise<Array<{ current_step: number; n: number }>>,
      this.db.query(`SELECT count(*)::int AS n FROM nurture.enrolments WHERE campaign_id = $1 AND admitted_on = $2::date`, [campaignId, day]) as Promise<Array<{ n: number }>>,
      this.capacity.dailyLimit(campaignId, settings, now.getTime()),
      this.capacity.pausedMailboxes(campaignId),
    ]);
    const statuses = Object.fromEntries(byStatus.map((r) => [r.status, r.n])) as NurtureCampaignSummary['byStatus'];
    return {
      campaignId,
      state: settings.state,
      byStatus: statuses,
      byStep: Object.fromEntries(byStep.map((r) => [String(r.current_step), r.n])),
      dailyNewLeadLimit: limit,
      admittedToday: admitted[0]!.n,
      queued: statuses.queued ?? 0,
      pausedMailboxes,
    };
  }

  /** Every enrolment of one lead, with its queue position while it waits for capacity. */
  async ofLead(leadId: string): Promise<EnrolmentRecord[]> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT e.*, e.admitted_on::text AS admitted_on,
         CASE WHEN e.status = 'queued' THEN (
           SELECT count(*)::int + 1 FROM nurture.enrolments o
           WHERE o.campaign_id = e.campaign_id AND o.status = 'queued'
             AND (-o.score, ${tierRankSql('o.tier')}, o.queued_at, o.id) < (-e.score, ${tierRankSql('e.tier')}, e.queued_at, e.id)
         ) END AS queue_position
       FROM nurture.enrolments e WHERE e.lead_id = $1 ORDER BY e.queued_at, e.campaign_id`,
      [leadId],
    );
    return rows.map((r) => ({
      enrolmentId: r.id as string,
      campaignId: r.campaign_id as string,
      leadId: r.lead_id as string,
      status: r.status as NurtureStatusName,
      tier: r.tier as Tier,
      score: r.score as number,
      sequenceId: r.sequence_id as string,
      sequenceVersion: r.sequence_version as number | null,
      mailboxId: r.mailbox_id as string | null,
      ownerId: r.owner_id as string | null,
      currentStep: r.current_step as number,
      nextSendAt: iso(r.next_send_at as Date | null),
      holdReason: r.hold_reason as string | null,
      lastDecision: r.last_decision as string | null,
      queuePosition: r.queue_position as number | null,
      queuedAt: (r.queued_at as Date).toISOString(),
      admittedOn: r.admitted_on as string | null,
      startedAt: iso(r.started_at as Date | null),
      endedAt: iso(r.ended_at as Date | null),
      updatedAt: (r.updated_at as Date).toISOString(),
    }));
  }
}

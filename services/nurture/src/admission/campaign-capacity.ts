import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_CADENCE_DAYS, TERMINAL_NURTURE_STATUSES, type PausedMailbox } from '#libs/contracts';
import { dailyNewLeadLimit, mailboxCaps } from '#libs/mailbox-capacity';
import type { StoredSettings } from '../definitions/settings-store.js';
import { sendingHoursPerDay } from './admission-rules.js';

interface CapacityRow {
  daily_cap: number;
  hourly_cap: number;
  min_spacing_seconds: number;
  warmup_started_on: string | Date | null;
  warmup_start_cap: number | null;
  warmup_daily_increase: number | null;
  weight: number;
  total_weight: number;
}

/**
 * How many new leads a campaign may start per day: the person's override, else what its mailboxes can carry for
 * every step of every lead (mailbox-capacity's dailyNewLeadLimit). A mailbox shared by several campaigns counts
 * for this campaign in proportion to its weight there (caps hold per mailbox across campaigns). Owners'
 * mailboxes outside the campaign's list are not counted: the limit errs on the side of sending less. A paused
 * mailbox (bounce or spam rates, or a person) carries no new leads until it is resumed; the summary lists it.
 */
@Injectable()
export class CampaignCapacity {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async dailyLimit(campaignId: string, settings: StoredSettings, nowMs: number, m: EntityManager = this.db.manager): Promise<number> {
    if (settings.dailyNewLeadLimit !== null) return settings.dailyNewLeadLimit;
    const rows: CapacityRow[] = await m.query(
      `SELECT mb.daily_cap, mb.hourly_cap, mb.min_spacing_seconds, mb.warmup_started_on::text AS warmup_started_on, mb.warmup_start_cap, mb.warmup_daily_increase, cm.weight,
              (SELECT sum(x.weight) FROM nurture.campaign_mailboxes x WHERE x.mailbox_id = mb.id)::int AS total_weight
       FROM nurture.campaign_mailboxes cm JOIN nurture.mailboxes mb ON mb.id = cm.mailbox_id
       WHERE cm.campaign_id = $1 AND mb.active AND mb.paused_at IS NULL`,
      [campaignId],
    );
    if (rows.length === 0) return 0;
    const [steps]: Array<{ n: number | null }> = await m.query(
      `SELECT max(jsonb_array_length(steps))::int AS n FROM (SELECT DISTINCT ON (id) steps FROM nurture.sequences WHERE campaign_id = $1 ORDER BY id, version DESC) s`,
      [campaignId],
    );
    return dailyNewLeadLimit({
      mailboxes: rows.map((r) => ({
        ...mailboxCaps({
          dailyCap: r.daily_cap,
          hourlyCap: r.hourly_cap,
          minSpacingSeconds: r.min_spacing_seconds,
          warmup: r.warmup_started_on === null ? null : { startedOn: dateText(r.warmup_started_on), startCap: r.warmup_start_cap ?? 0, dailyIncrease: r.warmup_daily_increase ?? 0 },
        }),
        share: r.weight / Math.max(r.weight, r.total_weight),
      })),
      cadenceSteps: steps?.n ?? DEFAULT_CADENCE_DAYS.length,
      nowMs,
      override: null,
      timeZone: settings.timeZone,
      sendingHoursPerDay: sendingHoursPerDay(settings.window),
    });
  }

  /**
   * The campaign's paused mailboxes with their reasons, for its summary: those in its rotation and those its open
   * enrolments send from (owners' mailboxes).
   */
  async pausedMailboxes(campaignId: string): Promise<PausedMailbox[]> {
    const rows: Array<{ id: string; address: string; paused_at: Date; paused_reason: string | null; paused_by: string | null }> = await this.db.query(
      `SELECT mb.id, mb.address, mb.paused_at, mb.paused_reason, mb.paused_by FROM nurture.mailboxes mb
        WHERE mb.paused_at IS NOT NULL
          AND (EXISTS (SELECT 1 FROM nurture.campaign_mailboxes cm WHERE cm.mailbox_id = mb.id AND cm.campaign_id = $1)
               OR EXISTS (SELECT 1 FROM nurture.enrolments e WHERE e.campaign_id = $1 AND e.mailbox_id = mb.id AND NOT (e.status = ANY($2::text[]))))
        ORDER BY mb.paused_at, mb.id`,
      [campaignId, TERMINAL_NURTURE_STATUSES],
    );
    return rows.map((r) => ({ mailboxId: r.id, address: r.address, pausedAt: r.paused_at.toISOString(), reason: r.paused_reason, by: r.paused_by }));
  }
}

function dateText(v: string | Date): string {
  return typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10);
}

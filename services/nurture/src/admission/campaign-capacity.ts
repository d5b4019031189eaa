import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_CADENCE_DAYS } from '#libs/contracts';
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
 * mailboxes outside the campaign's list are not counted: the limit errs on the side of sending less.
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
       WHERE cm.campaign_id = $1 AND mb.active`,
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
}

function dateText(v: string | Date): string {
  return typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10);
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_SEND_WINDOW, type ColleagueStopPolicy, type NurtureSettings, type WeeklySendWindow } from '#libs/contracts';
import { validateBlackoutDates, validateSendWindow } from '#libs/send-calendar';
import { NurtureError, type NurtureErrorDetail } from '../nurture-errors.js';
import type { SettingsBody } from './definition-schemas.js';
import { queryRows } from '../database/sql-rows.js';

export type CampaignNurtureState = 'active' | 'paused' | 'stopped';

export interface StoredSettings extends NurtureSettings {
  colleagueStop: ColleagueStopPolicy;
  state: CampaignNurtureState;
  stateReason: string | null;
  /** False while the campaign runs on the defaults (nothing saved yet). */
  saved: boolean;
  updatedAt: string | null;
}

interface SettingsRow {
  campaign_id: string;
  state: CampaignNurtureState;
  state_reason: string | null;
  time_zone: string;
  send_window: WeeklySendWindow;
  blackout_dates: string[];
  jitter_seconds: number;
  daily_new_lead_limit: number | null;
  postal_address: string | null;
  unsubscribe_mailto: string | null;
  colleague_stop: ColleagueStopPolicy;
  updated_at: Date;
}

/** A campaign without saved settings: Monday–Friday 09:00–17:00 UTC, 10 minutes of jitter, a derived limit. */
export function defaultSettings(campaignId: string): StoredSettings {
  return {
    campaignId,
    state: 'active',
    stateReason: null,
    timeZone: 'UTC',
    window: DEFAULT_SEND_WINDOW,
    blackoutDates: [],
    jitterSeconds: 600,
    dailyNewLeadLimit: null,
    postalAddress: null,
    unsubscribeMailto: null,
    colleagueStop: 'campaign',
    saved: false,
    updatedAt: null,
  };
}

function settingsView(r: SettingsRow): StoredSettings {
  return {
    campaignId: r.campaign_id,
    state: r.state,
    stateReason: r.state_reason,
    timeZone: r.time_zone,
    window: r.send_window,
    blackoutDates: r.blackout_dates,
    jitterSeconds: r.jitter_seconds,
    dailyNewLeadLimit: r.daily_new_lead_limit,
    postalAddress: r.postal_address,
    unsubscribeMailto: r.unsubscribe_mailto,
    colleagueStop: r.colleague_stop,
    saved: true,
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The window and blackout dates, checked by the send calendar's own rules (the same the sends obey). */
export function calendarProblems(body: SettingsBody): NurtureErrorDetail[] {
  const problems: NurtureErrorDetail[] = [];
  if (body.window !== undefined) problems.push(...validateSendWindow(body.window).map((p) => ({ field: p.path, message: p.message })));
  if (body.blackoutDates !== undefined) problems.push(...validateBlackoutDates(body.blackoutDates).map((p) => ({ field: p.path, message: p.message })));
  return problems;
}

/** Each campaign's nurture settings and its state (active, paused, stopped), one row per campaign. */
@Injectable()
export class SettingsStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(campaignId: string, m: EntityManager = this.db.manager): Promise<StoredSettings> {
    const [row]: SettingsRow[] = await m.query(`SELECT * FROM nurture.campaign_settings WHERE campaign_id = $1`, [campaignId]);
    return row ? settingsView(row) : defaultSettings(campaignId);
  }

  /** Merges the given fields over what is stored (or the defaults); the state is changed only by the controls. */
  async put(campaignId: string, body: SettingsBody): Promise<StoredSettings> {
    if (body.campaignId !== undefined && body.campaignId !== campaignId) {
      throw new NurtureError('invalid_nurture_settings', 'the body names another campaign than the path', [{ field: 'campaignId', message: `campaignId must be ${campaignId} (the path's) or left out` }]);
    }
    const problems = calendarProblems(body);
    if (problems.length > 0) throw new NurtureError('invalid_nurture_settings', 'the nurture settings are invalid', problems);
    return this.db.transaction(async (m) => {
      await ensureSettingsRow(m, campaignId);
      const [row] = await queryRows<SettingsRow>(
        m,
        `UPDATE nurture.campaign_settings SET
           time_zone = coalesce($2, time_zone),
           send_window = coalesce($3::jsonb, send_window),
           blackout_dates = coalesce($4::jsonb, blackout_dates),
           jitter_seconds = coalesce($5, jitter_seconds),
           daily_new_lead_limit = CASE WHEN $6 THEN $7::int ELSE daily_new_lead_limit END,
           postal_address = CASE WHEN $8 THEN $9 ELSE postal_address END,
           unsubscribe_mailto = CASE WHEN $10 THEN $11 ELSE unsubscribe_mailto END,
           colleague_stop = coalesce($12, colleague_stop),
           updated_at = now()
         WHERE campaign_id = $1 RETURNING *`,
        [
          campaignId,
          body.timeZone ?? null,
          body.window === undefined ? null : JSON.stringify(withoutEmptyDays(body.window as WeeklySendWindow)),
          body.blackoutDates === undefined ? null : JSON.stringify([...new Set(body.blackoutDates as string[])].sort()),
          body.jitterSeconds ?? null,
          body.dailyNewLeadLimit !== undefined,
          body.dailyNewLeadLimit ?? null,
          body.postalAddress !== undefined,
          body.postalAddress?.trim() ?? null,
          body.unsubscribeMailto !== undefined,
          body.unsubscribeMailto ?? null,
          body.colleagueStop ?? null,
        ],
      );
      return settingsView(row!);
    });
  }
}

/** The row every write starts from (settings or state), with the defaults, unless the campaign has one. */
export async function ensureSettingsRow(m: EntityManager, campaignId: string): Promise<void> {
  await m.query(`INSERT INTO nurture.campaign_settings (campaign_id, send_window) VALUES ($1, $2::jsonb) ON CONFLICT (campaign_id) DO NOTHING`, [
    campaignId,
    JSON.stringify(DEFAULT_SEND_WINDOW),
  ]);
}

function withoutEmptyDays(window: WeeklySendWindow): WeeklySendWindow {
  return Object.fromEntries(Object.entries(window).filter(([, range]) => range !== null && range !== undefined)) as WeeklySendWindow;
}

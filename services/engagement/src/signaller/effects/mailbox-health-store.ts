import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { MailboxHealth, MailboxHealthThresholds } from '#libs/contracts';
import { mailboxHealth } from '#libs/engagement-events';
import { ENGAGEMENT_CONFIG, type EngagementConfig } from '../../engagement.config.js';

export interface MailboxCounts {
  deliveries: number;
  bounces: number;
  spamReports: number;
}

export interface PauseEpisode {
  pausedAt: string;
  reason: string;
  /** Nurture answered the pause request (false: engagement still has to ask). */
  acknowledged: boolean;
  /** This call opened the episode. */
  opened: boolean;
}

/**
 * What counts toward a mailbox's health, over the last `windowDays` of event time:
 * - deliveries: `delivered` events;
 * - bounces: HARD bounces only. A soft bounce (full mailbox, greylisting, a temporary block) is retried by the
 *   receiving side, never suppresses and is not the list-quality signal the rate guards; SendGrid's own statistics
 *   count blocks apart from bounces too. A drop of an address SendGrid already suppressed was never sent: not counted;
 * - spam reports: `spamreport` events.
 * Machine rows never count, and duplicates never reach the inbox (it dedupes on arrival).
 */
const COUNT_SQL = `
  SELECT mailbox_id,
         count(*) FILTER (WHERE kind = 'delivered')::int AS deliveries,
         count(*) FILTER (WHERE kind = 'bounce' AND bounce_type = 'hard')::int AS bounces,
         count(*) FILTER (WHERE kind = 'spamreport')::int AS spam_reports
  FROM engagement.inbox
  WHERE mailbox_id IS NOT NULL AND kind IN ('delivered', 'bounce', 'spamreport') AND NOT machine
    AND occurred_at > now() - make_interval(days => $1::int)`;

/** Mailbox health from the inbox (inbox_mailbox_idx), and the pause episodes engagement opened. */
@Injectable()
export class MailboxHealthStore {
  readonly thresholds: MailboxHealthThresholds;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(ENGAGEMENT_CONFIG) config: EngagementConfig,
  ) {
    this.thresholds = {
      windowDays: config.MAILBOX_HEALTH_WINDOW_DAYS,
      minDeliveries: config.MAILBOX_HEALTH_MIN_DELIVERIES,
      maxBounceRate: config.MAILBOX_MAX_BOUNCE_RATE,
      maxSpamRate: config.MAILBOX_MAX_SPAM_RATE,
    };
  }

  async health(mailboxId: string): Promise<MailboxHealth> {
    const rows: CountRow[] = await this.db.query(`${COUNT_SQL} AND mailbox_id = $2 GROUP BY mailbox_id`, [this.thresholds.windowDays, mailboxId]);
    return mailboxHealth(countsOf(rows[0]), this.thresholds, mailboxId);
  }

  /** Every mailbox with events in the window, by id. */
  async all(): Promise<MailboxHealth[]> {
    const rows: CountRow[] = await this.db.query(`${COUNT_SQL} GROUP BY mailbox_id ORDER BY mailbox_id`, [this.thresholds.windowDays]);
    return rows.map((r) => mailboxHealth(countsOf(r), this.thresholds, r.mailbox_id));
  }

  /**
   * The mailbox's open pause episode, opening one with this health when there is none. An episode covers the
   * window it was counted over: while it is younger than `windowDays` the same evidence never pauses the mailbox
   * again, so a person who resumed it is not overruled by the bounces they already saw; after that, fresh counts
   * decide. The advisory lock keeps two replicas from opening two episodes at once.
   */
  async openEpisode(health: MailboxHealth, reason: string): Promise<PauseEpisode> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('engagement.mailbox_pauses'), hashtext($1))`, [health.mailboxId]);
      const open: EpisodeRow[] = await tx.query(
        `SELECT paused_at, reason, acknowledged FROM engagement.mailbox_pauses
         WHERE mailbox_id = $1 AND paused_at > now() - make_interval(days => $2::int) ORDER BY paused_at DESC LIMIT 1`,
        [health.mailboxId, this.thresholds.windowDays],
      );
      if (open[0]) return { pausedAt: open[0].paused_at.toISOString(), reason: open[0].reason, acknowledged: open[0].acknowledged, opened: false };
      const inserted: EpisodeRow[] = await tx.query(
        `INSERT INTO engagement.mailbox_pauses (mailbox_id, reason, health) VALUES ($1, $2, $3::jsonb) RETURNING paused_at, reason, acknowledged`,
        [health.mailboxId, reason, JSON.stringify(health)],
      );
      return { pausedAt: inserted[0]!.paused_at.toISOString(), reason, acknowledged: false, opened: true };
    });
  }

  async acknowledge(mailboxId: string, pausedAt: string): Promise<void> {
    await this.db.query(`UPDATE engagement.mailbox_pauses SET acknowledged = true WHERE mailbox_id = $1 AND paused_at = $2`, [mailboxId, pausedAt]);
  }

  /** The signaller may store the resolved mailbox after the effects run; the count must see this row's. */
  async stampMailbox(inboxId: string, mailboxId: string): Promise<void> {
    await this.db.query(`UPDATE engagement.inbox SET mailbox_id = $2 WHERE id = $1 AND mailbox_id IS NULL`, [inboxId, mailboxId]);
  }
}

interface CountRow {
  mailbox_id: string;
  deliveries: number;
  bounces: number;
  spam_reports: number;
}

interface EpisodeRow {
  paused_at: Date;
  reason: string;
  acknowledged: boolean;
}

function countsOf(row: CountRow | undefined): MailboxCounts {
  return { deliveries: row?.deliveries ?? 0, bounces: row?.bounces ?? 0, spamReports: row?.spam_reports ?? 0 };
}

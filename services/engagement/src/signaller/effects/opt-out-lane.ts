import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Logger } from '#libs/logging';
import { ENGAGEMENT_LOGGER } from '../../engagement-logger.js';
import { inboxRowOf } from '../inbox-queue.js';
import { OptOutEffect } from './opt-out.effect.js';

/** How often the lane looks, and how old a row must be before it does (the signaller normally has it by then). */
const LANE_POLL_MS = 500;
const LANE_GRACE_SECONDS = 2;
const LANE_BATCH = 100;
/** After nurture failed, the lane waits this long (the signaller retries the rows meanwhile with its back-off). */
const LANE_BACKOFF_MS = 5_000;

/** The kinds optOutOf takes, in SQL, so rows it would skip are never selected again and again. */
const OPT_OUT_ROWS = `(kind IN ('spamreport', 'unsubscribe', 'group_unsubscribe') OR (kind = 'bounce' AND bounce_type = 'hard')
  OR (kind = 'dropped' AND detail ~* '\\m(bounced?|unsubscribed?|spam ?report)'))`;

/**
 * The opt-out's own lane. The signaller drains the inbox oldest first, so behind a backlog (a 10,000-event batch,
 * slow workflows) an unsubscribe would wait its turn; the law and the 60-second promise do not. Every LANE_POLL_MS
 * this lane takes pending opt-out rows older than LANE_GRACE_SECONDS that have no opt-out recorded yet, applies the
 * opt-out effect (nurture suppresses and stops; it dedupes on the inbox id) and records the result the way the
 * signaller does, which then finds it done. It claims nothing: the row's lease, signal and state stay the
 * signaller's.
 */
@Injectable()
export class OptOutLane implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private running: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly optOut: OptOutEffect,
    @Inject(ENGAGEMENT_LOGGER) private readonly log: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(LANE_POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /**
   * One pass; answers how many rows it applied. Ordered as inbox_pending_idx (the pending rows only), so a pass
   * reads the backlog, never the table's applied history.
   */
  async sweep(): Promise<number> {
    const records = await this.db.query(
      `SELECT id, source, kind, sg_event_id, occurred_at, received_at, email, sg_message_id, ledger_key, enrolment_id,
              campaign_id, lead_id, mailbox_id, step, bounce_type, detail, user_agent, machine, machine_reason, payload,
              state, effects, attempts
       FROM engagement.inbox
       WHERE state = 'pending' AND NOT (effects ? 'optOut') AND received_at < now() - make_interval(secs => $1) AND ${OPT_OUT_ROWS}
       ORDER BY next_attempt_at, id LIMIT $2`,
      [LANE_GRACE_SECONDS, LANE_BATCH],
    );
    let applied = 0;
    for (const record of records) {
      const row = { ...inboxRowOf(record), enrolment: null };
      if (!this.optOut.appliesTo(row)) continue;
      const result = await this.optOut.apply(row);
      await this.db.query(`UPDATE engagement.inbox SET effects = effects || jsonb_build_object('optOut', $2::jsonb) WHERE id = $1 AND NOT (effects ? 'optOut')`, [
        row.id,
        JSON.stringify(result),
      ]);
      applied++;
    }
    return applied;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep().then(
        (n) => {
          if (n) this.log.info({ optOuts: n }, 'opt-outs applied ahead of the inbox backlog');
          this.schedule(LANE_POLL_MS);
        },
        (err: Error) => {
          this.log.warn({ err: err.message }, 'opt-out lane: a pass failed; the signaller retries those rows, the lane looks again shortly');
          this.schedule(LANE_BACKOFF_MS);
        },
      );
    }, ms);
    this.timer.unref?.();
  }
}

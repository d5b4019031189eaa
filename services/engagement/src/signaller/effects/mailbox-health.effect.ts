import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { EnrolmentRef, MailboxHealth } from '#libs/contracts';
import type { Logger } from '#libs/logging';
import { ENGAGEMENT_LOGGER } from '../../engagement-logger.js';
import type { InboxEffect, InboxRow } from '../inbox-effect.js';
import { EffectClients } from './effect-clients.js';
import { MailboxHealthStore } from './mailbox-health-store.js';
import { RecountCoalescer } from './recount-coalescer.js';

type Row = InboxRow & { enrolment: EnrolmentRef | null };

const COUNTED_KINDS = new Set(['delivered', 'bounce', 'spamreport']);

/**
 * A delivered row recounts its mailbox at most this often: a batch of 10,000 deliveries costs a handful of counts,
 * and a trailing count after the burst still sees the last one (the delivery that lifts a mailbox over the minimum).
 */
export const DELIVERY_RECOUNT_MS = 5_000;

export interface MailboxCheck {
  health: MailboxHealth;
  /** The pause episode when the health says pause. */
  pause: { pausedAt: string; reason: string; opened: boolean; nurturePaused: boolean | null } | null;
}

/**
 * Mailbox auto-pause: bounce and spam-report rates over the last days (see MailboxHealthStore for what counts).
 * Bounces and spam reports are what push a mailbox over, so each one waits for a count that started after it
 * arrived (concurrent ones share it). Deliveries only matter when they lift the mailbox over the minimum, so they
 * are counted at most every DELIVERY_RECOUNT_MS per mailbox with a trailing count. When the health says pause and
 * no episode is open, one is recorded and nurture is asked to pause the mailbox (it holds every send from it).
 */
@Injectable()
export class MailboxHealthEffect implements InboxEffect, OnApplicationShutdown {
  readonly name = 'mailboxHealth';
  private readonly recount: RecountCoalescer<MailboxCheck>;

  constructor(
    private readonly store: MailboxHealthStore,
    @Inject(EffectClients) private readonly clients: EffectClients,
    @Inject(ENGAGEMENT_LOGGER) private readonly log: Logger,
  ) {
    this.recount = new RecountCoalescer((mailboxId) => this.check(mailboxId), DELIVERY_RECOUNT_MS, (mailboxId, err) =>
      this.log.warn({ mailboxId, err: (err as Error).message }, 'mailbox health recount failed; tried again shortly'),
    );
  }

  appliesTo(row: Row): boolean {
    return COUNTED_KINDS.has(row.kind) && !row.machine && mailboxOf(row) !== null;
  }

  async apply(row: Row): Promise<unknown> {
    const mailboxId = mailboxOf(row);
    if (mailboxId === null) return { skipped: 'no mailbox' };
    if (row.mailboxId === null) await this.store.stampMailbox(row.id, mailboxId);
    if (row.kind === 'bounce' && row.bounceType !== 'hard') return { mailboxId, counted: false, reason: 'soft bounce' };
    const check = row.kind === 'delivered' ? await this.recount.throttled(mailboxId) : await this.recount.fresh(mailboxId);
    if (check === null) return { mailboxId, counted: 'with the next recount' };
    return { mailboxId, ...summary(check) };
  }

  /** Counts the mailbox and, when it should pause, makes sure nurture has paused it once for this episode. */
  async check(mailboxId: string): Promise<MailboxCheck> {
    const health = await this.store.health(mailboxId);
    if (health.pauseReason === null) return { health, pause: null };
    const episode = await this.store.openEpisode(health, health.pauseReason);
    let nurturePaused: boolean | null = null;
    if (!episode.acknowledged) {
      const answer = await this.clients.nurture.pauseMailbox(mailboxId, { reason: episode.reason, at: episode.pausedAt, health });
      nurturePaused = answer.paused;
      await this.store.acknowledge(mailboxId, episode.pausedAt);
      this.log.info({ mailboxId, reason: episode.reason, paused: answer.paused }, 'mailbox auto-paused');
    }
    return { health, pause: { pausedAt: episode.pausedAt, reason: episode.reason, opened: episode.opened, nurturePaused } };
  }

  onApplicationShutdown(): void {
    this.recount.close();
  }
}

function mailboxOf(row: Row): string | null {
  return row.mailboxId ?? row.enrolment?.mailboxId ?? null;
}

function summary(check: MailboxCheck): Record<string, unknown> {
  const { deliveries, bounces, spamReports, pauseReason } = check.health;
  return { deliveries, bounces, spamReports, pauseReason, pause: check.pause };
}

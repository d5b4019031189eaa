import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import type { Logger } from '#libs/logging';
import { parseBody } from '../definitions/field-problems.js';
import { AUTO_PAUSE, MailboxPauses } from '../definitions/mailbox-pauses.js';
import { MailboxStore } from '../definitions/mailbox-store.js';
import { identParam } from '../http/path-values.js';
import { NURTURE_LOGGER } from '../nurture-logger.js';
import { autoPauseBody, personPauseBody, resumeBody } from './engagement-bodies.js';

/** Internal: a mailbox's pause, set by engagement's rates or by a person, and cleared by a person. */
@Controller('internal/mailboxes/:mailboxId')
export class MailboxPausesController {
  constructor(
    private readonly pauses: MailboxPauses,
    private readonly mailboxes: MailboxStore,
    @Inject(NURTURE_LOGGER) private readonly log: Logger,
  ) {}

  /** `{ paused: true }` when this call paused it, false when it already was (the first reason stays). */
  @Post('auto-pause')
  @HttpCode(200)
  async autoPause(@Param('mailboxId') mailboxId: string, @Body() body: unknown): Promise<{ paused: boolean }> {
    const id = identParam('mailboxId', mailboxId);
    const b = parseBody(autoPauseBody, body, 'invalid_request', 'auto-pause request');
    const paused = await this.pauses.pause(id, b.reason.trim(), AUTO_PAUSE, new Date(b.at).toISOString());
    this.log.warn({ mailboxId: id, reason: b.reason, health: b.health, paused }, paused ? 'mailbox paused on its rates: its sends are held' : 'mailbox already paused');
    return { paused };
  }

  /** A person holds the mailbox's sends. */
  @Post('pause')
  @HttpCode(200)
  async pause(@Param('mailboxId') mailboxId: string, @Body() body: unknown) {
    const id = identParam('mailboxId', mailboxId);
    const b = parseBody(personPauseBody, body, 'invalid_request', 'pause request');
    const paused = await this.pauses.pause(id, b.reason.trim(), b.by?.trim() || 'a person');
    return { paused, mailbox: await this.mailboxes.get(id) };
  }

  /** A person clears the pause (automatic or not); held steps go out at their next look. */
  @Post('resume')
  @HttpCode(200)
  async resume(@Param('mailboxId') mailboxId: string, @Body() body: unknown) {
    const id = identParam('mailboxId', mailboxId);
    const b = parseBody(resumeBody, body ?? {}, 'invalid_request', 'resume request');
    const { mailbox, resumed } = await this.pauses.resume(id);
    if (resumed) this.log.info({ mailboxId: id, by: b.by ?? null, reason: b.reason ?? null }, 'mailbox resumed');
    return { resumed, mailbox };
  }
}

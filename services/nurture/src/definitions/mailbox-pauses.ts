import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryRows } from '../database/sql-rows.js';
import { MailboxStore, type StoredMailbox } from './mailbox-store.js';

/** Who set an automatic pause (engagement's bounce and spam rates). */
export const AUTO_PAUSE = 'auto';

/**
 * A mailbox's pause holds every send from it: the sender reads paused_at inside its claim transaction, under the
 * mailbox's row lock, so no claim slips past a pause once it is committed. Engagement pauses on bounce or spam
 * rates; a person pauses or resumes. A pause already in place is kept (its first reason stays).
 */
@Injectable()
export class MailboxPauses {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mailboxes: MailboxStore,
  ) {}

  /** True when this call paused the mailbox; false when it already was paused. */
  async pause(mailboxId: string, reason: string, by: string, at: string | null = null): Promise<boolean> {
    const changed = await queryRows(
      this.db,
      `UPDATE nurture.mailboxes SET paused_at = coalesce($4::timestamptz, now()), paused_reason = $2, paused_by = $3, updated_at = now()
        WHERE id = $1 AND paused_at IS NULL RETURNING 1`,
      [mailboxId, reason, by, at],
    );
    if (changed.length > 0) return true;
    await this.mailboxes.get(mailboxId); // 404 for a mailbox that does not exist
    return false;
  }

  /** Clears the pause; the mailbox's held steps go out at their next look (within the sender's recheck interval). */
  async resume(mailboxId: string): Promise<{ mailbox: StoredMailbox; resumed: boolean }> {
    const changed = await queryRows(
      this.db,
      `UPDATE nurture.mailboxes SET paused_at = NULL, paused_reason = NULL, paused_by = NULL, updated_at = now() WHERE id = $1 AND paused_at IS NOT NULL RETURNING 1`,
      [mailboxId],
    );
    return { mailbox: await this.mailboxes.get(mailboxId), resumed: changed.length > 0 };
  }
}

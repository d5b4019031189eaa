import { Controller, Get } from '@nestjs/common';
import type { MailboxHealth } from '#libs/contracts';
import { MailboxHealthStore } from '../signaller/effects/mailbox-health-store.js';

/** Internal: bounce and spam-report rates of every mailbox with events in the health window (auto-pause's view). */
@Controller('internal/mailboxes')
export class MailboxHealthController {
  constructor(private readonly store: MailboxHealthStore) {}

  @Get('health')
  async health(): Promise<{ items: MailboxHealth[] }> {
    return { items: await this.store.all() };
  }
}

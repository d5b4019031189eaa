import { Controller, Get, Inject } from '@nestjs/common';
import type { InboxStats } from '#libs/contracts';
import { InboxQueue } from './inbox-queue.js';

/** Internal: how far the signaller is behind (pending, parked, applied, and the oldest pending row's age). */
@Controller('internal/inbox')
export class InboxStatsController {
  constructor(@Inject(InboxQueue) private readonly inbox: InboxQueue) {}

  @Get('stats')
  stats(): Promise<InboxStats> {
    return this.inbox.stats();
  }
}

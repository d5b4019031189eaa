import { Controller, Get, Query } from '@nestjs/common';
import { EngagementReads, parkedQuery } from './engagement-reads.js';

/** Internal: events and replies that could not be tied to an enrolment nurture issued, kept for a person. */
@Controller('internal/parked')
export class ParkedController {
  constructor(private readonly reads: EngagementReads) {}

  /** `?source=event-webhook|inbound-parse&after=<next>&limit=1-500`: oldest first, `next` while more may follow. */
  @Get()
  list(@Query('source') source?: string, @Query('after') after?: string, @Query('limit') limit?: string) {
    return this.reads.parked(parkedQuery({ source, after, limit }));
  }
}

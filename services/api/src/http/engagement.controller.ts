import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Contract, contractPipe, type OperationContract } from '#libs/http-api';
import { EngagementGateway } from '../leads/service-gateway.js';
import { parkedQuery, parkedView } from './engagement-schemas.js';

const parked: OperationContract = {
  summary: 'Events and replies that could not be tied to a send, kept for a person (oldest first, cursor pagination)',
  description:
    'An event for a lead or enrolment nurture does not know, or a reply that matches no reply address or Message-ID nurture issued, is parked here rather than dropped: it stopped and paused nothing. A hard bounce, spam report or unsubscribe still suppressed its address. Needs an admin key: parked posts come from anyone and name people who are not leads.',
  // Posts from strangers and addresses of people outside any campaign: for whoever runs the system.
  access: 'admin',
  query: parkedQuery,
  ok: { status: 200, description: 'A page of parked items; pass next as after for the next one', schema: parkedView },
  errors: [503],
};

/** What engagement could not act on, for a person to look at. */
@ApiTags('engagement')
@Controller('engagement')
export class EngagementController {
  constructor(private readonly engagement: EngagementGateway) {}

  @Get('parked')
  @Contract(parked)
  parked(@Query(contractPipe(parked, 'query')) q: z.infer<typeof parkedQuery>) {
    return this.engagement.get('/internal/parked', { source: q.source, after: q.after, limit: q.limit });
  }
}

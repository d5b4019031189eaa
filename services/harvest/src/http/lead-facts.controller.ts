import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { LeadFactsService } from '../leads/lead-facts.service.js';

/** Internal: the judging stages page through a campaign's leads here (libs/contracts stage-data.ts). */
@Controller('internal/lead-facts')
export class LeadFactsController {
  constructor(private readonly facts: LeadFactsService) {}

  @Post('page')
  @HttpCode(200)
  page(@Body() body: { campaignId?: unknown; after?: unknown; limit?: unknown }) {
    return this.facts.page(body);
  }

  @Post('by-ids')
  @HttpCode(200)
  byIds(@Body() body: { ids?: unknown }) {
    return this.facts.byIds(body);
  }
}

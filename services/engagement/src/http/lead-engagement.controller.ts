import { Controller, Get, Param, Query } from '@nestjs/common';
import { isCampaignId } from '#libs/contracts';
import { EngagementError } from '../engagement-errors.js';
import { EngagementReads, leadIdParam } from './engagement-reads.js';

/** Internal: a lead's engagement (events and replies as the inbox holds them), for the API's journey. */
@Controller('internal/leads')
export class LeadEngagementController {
  constructor(private readonly reads: EngagementReads) {}

  /** `?campaignId=` narrows to one campaign; oldest first. */
  @Get(':leadId/engagement')
  async engagement(@Param('leadId') leadId: string, @Query('campaignId') campaignId?: string) {
    const id = leadIdParam(leadId);
    if (campaignId !== undefined && campaignId !== '' && !isCampaignId(campaignId)) {
      throw new EngagementError('invalid_request', 'campaignId must be a campaign id', [{ field: 'campaignId', message: 'must be 1-63 lower-case letters, digits or dashes' }]);
    }
    return { items: await this.reads.leadEvents(id, campaignId || null) };
  }
}

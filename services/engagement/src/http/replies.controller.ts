import { Controller, Get, Param, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { isCampaignId, type LeadReply } from '#libs/contracts';
import { EngagementError } from '../engagement-errors.js';
import { leadReplies } from '../inbound/lead-replies.js';
import { leadIdParam } from './engagement-reads.js';

/** Internal: a lead's replies (visible text, class, out-of-office date, owner notice), for the API's lead views. */
@Controller('internal/leads')
export class LeadRepliesController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** `?campaignId=` narrows to one campaign; oldest first. */
  @Get(':leadId/replies')
  async replies(@Param('leadId') leadId: string, @Query('campaignId') campaignId?: string): Promise<{ items: LeadReply[] }> {
    const id = leadIdParam(leadId);
    if (campaignId !== undefined && campaignId !== '' && !isCampaignId(campaignId)) {
      throw new EngagementError('invalid_request', 'campaignId must be a campaign id', [{ field: 'campaignId', message: 'must be 1-63 lower-case letters, digits or dashes' }]);
    }
    return { items: await leadReplies(this.db, id, campaignId || null) };
  }
}

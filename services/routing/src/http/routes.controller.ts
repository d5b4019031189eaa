import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { LeadRoutesService } from '../routes/lead-routes.service.js';
import { parseCampaignId, parseLeadId, parseTouch } from './request-parsing.js';

/** Internal: one lead's route in one campaign, and the owner's touch that stops its hot-lead SLA. */
@Controller('internal/campaigns/:campaignId/leads/:leadId')
export class RoutesController {
  constructor(private readonly routes: LeadRoutesService) {}

  @Get('route')
  route(@Param('campaignId') campaignId: string, @Param('leadId') leadId: string) {
    return this.routes.get(parseCampaignId(campaignId), parseLeadId(leadId));
  }

  /** Body `{ by?, at? }`: who worked the lead and when (default now). */
  @Post('touch')
  @HttpCode(200)
  touch(@Param('campaignId') campaignId: string, @Param('leadId') leadId: string, @Body() body: unknown) {
    const ids = [parseCampaignId(campaignId), parseLeadId(leadId)] as const;
    return this.routes.touch(...ids, parseTouch(body));
  }
}

import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { CampaignSourcesService } from '../sources/campaign-sources.service.js';
import { assertCampaignId } from '../harvest-errors.js';

@Controller('internal/campaigns/:campaignId/sources')
export class SourcesController {
  constructor(private readonly sources: CampaignSourcesService) {}

  @Get()
  async get(@Param('campaignId') campaignId: string) {
    return { campaignId: assertCampaignId(campaignId), sources: await this.sources.chain(campaignId) };
  }

  @Put()
  async put(@Param('campaignId') campaignId: string, @Body() body: { sources?: unknown }) {
    return { campaignId, sources: await this.sources.setChain(campaignId, body?.sources) };
  }
}

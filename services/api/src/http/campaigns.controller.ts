import { Body, Controller, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { CreateCampaignDto, UpdateCampaignStatusDto } from '../campaigns/campaign.dto.js';
import { HarvestGateway } from '../leads/service-gateway.js';

@ApiTags('campaigns')
@Controller('campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly harvest: HarvestGateway,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a campaign' })
  create(@Body() dto: CreateCampaignDto) {
    return this.campaigns.create(dto);
  }

  @Get()
  list() {
    return this.campaigns.list();
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.campaigns.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Pause, resume (active) or stop a campaign; only active campaigns are harvested' })
  setStatus(@Param('id') id: string, @Body() dto: UpdateCampaignStatusDto) {
    return this.campaigns.setStatus(id, dto.status);
  }

  @Get(':id/sources')
  @ApiOperation({ summary: "The campaign's harvest fallback chain" })
  async sources(@Param('id') id: string) {
    await this.campaigns.get(id);
    return this.harvest.get(`/internal/campaigns/${encodeURIComponent(id)}/sources`);
  }

  @Put(':id/sources')
  @ApiOperation({ summary: 'Replace the fallback chain: sources in the order they are tried' })
  @ApiBody({ schema: { type: 'object', example: { sources: [{ source: 'drop-folder', enabled: true }, { source: 'people-search', enabled: true, settings: { filter: { personTitles: ['CFO'] }, maxPages: 3 } }] } } })
  async setSources(@Param('id') id: string, @Body() body: { sources?: unknown }) {
    await this.campaigns.get(id);
    return this.harvest.put(`/internal/campaigns/${encodeURIComponent(id)}/sources`, body);
  }
}

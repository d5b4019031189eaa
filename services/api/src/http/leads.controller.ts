import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { HarvestGateway } from '../leads/service-gateway.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { ListLeadsQuery } from './dto.js';

const leadExample = {
  campaignId: 'demo',
  email: 'ada.lovelace@analytical-engines.example',
  firstName: 'Ada',
  lastName: 'Lovelace',
  title: 'VP Engineering',
  company: 'Analytical Engines',
  country: 'GB',
};

@ApiTags('leads')
@Controller()
export class LeadsController {
  constructor(
    private readonly harvest: HarvestGateway,
    private readonly campaigns: CampaignsService,
  ) {}

  @Get('leads')
  @ApiOperation({ summary: 'List leads with filters and cursor pagination' })
  list(@Query() query: ListLeadsQuery) {
    return this.harvest.get('/internal/leads', { ...query });
  }

  @Get('leads/:id')
  @ApiOperation({ summary: 'One lead with its provenance (source, import and line, first and last seen)' })
  get(@Param('id') id: string) {
    return this.harvest.get(`/internal/leads/${encodeURIComponent(id)}`);
  }

  @Post('leads')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create (or merge into) one lead; a lead typed by a person has the highest merge precedence' })
  @ApiBody({ schema: { type: 'object', example: leadExample } })
  async create(@Body() body: Record<string, unknown>, @Headers('x-request-id') requestId?: string) {
    if (typeof body?.campaignId === 'string') await this.campaigns.get(body.campaignId);
    return this.harvest.post('/internal/leads', body, requestId);
  }

  @Post('forms/:campaignId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Inbound web form (JSON or application/x-www-form-urlencoded); unknown form fields are ignored' })
  async form(@Param('campaignId') campaignId: string, @Req() req: Request, @Headers('x-request-id') requestId?: string) {
    await this.campaigns.get(campaignId);
    return this.harvest.post(`/internal/forms/${encodeURIComponent(campaignId)}`, req.body ?? {}, requestId);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { QualificationGateway, RoutingGateway, ScoringGateway } from '../leads/service-gateway.js';
import { CampaignOfLeadQuery, LeadStageDto, TouchLeadDto } from './dto.js';

const leadPath = (campaignId: string, leadId: string) => `/internal/campaigns/${encodeURIComponent(campaignId)}/leads/${encodeURIComponent(leadId)}`;

/** How each stage judged a lead, with the reasons, read from the services that own each judgement. */
@ApiTags('leads')
@Controller('leads/:id')
export class LeadJudgementController {
  constructor(
    private readonly scoring: ScoringGateway,
    private readonly qualification: QualificationGateway,
    private readonly routing: RoutingGateway,
    private readonly campaigns: CampaignsService,
  ) {}

  @Get('score')
  @ApiOperation({ summary: "The lead's score and tier with every contribution, the rule-set version and the inputs used" })
  score(@Param('id') id: string, @Query() q: CampaignOfLeadQuery) {
    return this.scoring.get(`${leadPath(q.campaignId, id)}/score`);
  }

  @Get('qualification')
  @ApiOperation({ summary: 'The qualification decision with its reasons and the email verdict' })
  qualificationOf(@Param('id') id: string, @Query() q: CampaignOfLeadQuery) {
    return this.qualification.get(`${leadPath(q.campaignId, id)}/qualification`);
  }

  @Get('route')
  @ApiOperation({ summary: 'The sequence and owner the lead was routed to, why, and its SLA events' })
  route(@Param('id') id: string, @Query() q: CampaignOfLeadQuery) {
    return this.routing.get(`${leadPath(q.campaignId, id)}/route`);
  }

  @Get('journey')
  @ApiOperation({ summary: 'Score, qualification and route together; a stage that has not judged the lead yet is null' })
  async journey(@Param('id') id: string, @Query() q: CampaignOfLeadQuery) {
    const orNull = (p: Promise<unknown>) => p.catch((err: { status?: number }) => (err?.status === 404 ? null : Promise.reject(err)));
    const [score, qualification, route] = await Promise.all([
      orNull(this.scoring.get(`${leadPath(q.campaignId, id)}/score`)),
      orNull(this.qualification.get(`${leadPath(q.campaignId, id)}/qualification`)),
      orNull(this.routing.get(`${leadPath(q.campaignId, id)}/route`)),
    ]);
    return { leadId: id, campaignId: q.campaignId, score, qualification, route };
  }

  @Post('touch')
  @HttpCode(200)
  @ApiOperation({ summary: "The owner worked the lead: stops its hot-lead SLA timer" })
  async touch(@Param('id') id: string, @Body() dto: TouchLeadDto) {
    await this.campaigns.get(dto.campaignId);
    return this.routing.post(`${leadPath(dto.campaignId, id)}/touch`, { by: dto.by });
  }

  @Put('stage')
  @ApiOperation({ summary: "Set the lead's lifecycle stage (routing never enrols a lead in a do-not-contact stage)" })
  stage(@Param('id') id: string, @Body() dto: LeadStageDto) {
    return this.routing.put(`/internal/leads/${encodeURIComponent(id)}/stage`, { stage: dto.stage });
  }
}

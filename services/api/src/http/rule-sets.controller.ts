import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiError } from '../api-errors.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { QualificationGateway, RoutingGateway, ScoringGateway, type ServiceGateway } from '../leads/service-gateway.js';
import { RuleSetNoteQuery } from './dto.js';

const kinds = ['scoring', 'qualification', 'routing'] as const;
type RuleSetKind = (typeof kinds)[number];

/**
 * Rule sets are data, versioned per campaign and owned by the stage that applies them. Every stage serves the
 * same routes; the API picks the stage by kind and passes JSON or YAML bodies through.
 */
@ApiTags('rule sets')
@Controller('campaigns/:campaignId/rule-sets/:kind')
@ApiParam({ name: 'kind', enum: kinds })
export class RuleSetsController {
  constructor(
    private readonly scoring: ScoringGateway,
    private readonly qualification: QualificationGateway,
    private readonly routing: RoutingGateway,
    private readonly campaigns: CampaignsService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The campaign's rule-set versions, newest first, with which one is active" })
  async list(@Param('campaignId') campaignId: string, @Param('kind') kind: string) {
    await this.campaigns.get(campaignId);
    return this.stage(kind).get(this.base(campaignId));
  }

  @Post()
  @ApiOperation({ summary: 'Save a new draft version (JSON or YAML); refused with every problem named by rule and field' })
  @ApiConsumes('application/json', 'application/yaml')
  @ApiBody({ schema: { type: 'object' } })
  async create(@Param('campaignId') campaignId: string, @Param('kind') kind: string, @Body() body: unknown, @Query() q: RuleSetNoteQuery) {
    await this.campaigns.get(campaignId);
    return this.stage(kind).postRaw(this.base(campaignId), body, { note: q.note });
  }

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check a rule set without saving it' })
  @ApiConsumes('application/json', 'application/yaml')
  @ApiBody({ schema: { type: 'object' } })
  validate(@Param('campaignId') campaignId: string, @Param('kind') kind: string, @Body() body: unknown) {
    return this.stage(kind).postRaw(`${this.base(campaignId)}/validate`, body);
  }

  @Get('active')
  active(@Param('campaignId') campaignId: string, @Param('kind') kind: string) {
    return this.stage(kind).get(`${this.base(campaignId)}/active`);
  }

  @Get(':version')
  get(@Param('campaignId') campaignId: string, @Param('kind') kind: string, @Param('version', ParseIntPipe) version: number) {
    return this.stage(kind).get(`${this.base(campaignId)}/${version}`);
  }

  @Post(':version/activate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make this version the one the stage applies from its next run' })
  activate(@Param('campaignId') campaignId: string, @Param('kind') kind: string, @Param('version', ParseIntPipe) version: number) {
    return this.stage(kind).post(`${this.base(campaignId)}/${version}/activate`, {});
  }

  @Get(':version/shadow-report')
  @ApiOperation({ summary: 'Scoring only: how many leads would move between which tiers if this version were active' })
  shadow(@Param('campaignId') campaignId: string, @Param('kind') kind: string, @Param('version', ParseIntPipe) version: number) {
    if (kind !== 'scoring') throw new ApiError('invalid_query', 'shadow reports exist for scoring rule sets only', [{ field: 'kind', message: 'must be scoring' }]);
    return this.scoring.get(`${this.base(campaignId)}/${version}/shadow-report`);
  }

  private base(campaignId: string): string {
    return `/internal/campaigns/${encodeURIComponent(campaignId)}/rule-sets`;
  }

  private stage(kind: string): ServiceGateway {
    if (!kinds.includes(kind as RuleSetKind)) throw new ApiError('invalid_query', `rule-set kind must be one of ${kinds.join(', ')}`, [{ field: 'kind', message: `unknown kind ${JSON.stringify(kind).slice(0, 40)}` }]);
    return { scoring: this.scoring, qualification: this.qualification, routing: this.routing }[kind as RuleSetKind];
  }
}

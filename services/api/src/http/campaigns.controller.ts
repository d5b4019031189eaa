import { Body, Controller, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Contract, contractPipe, type OperationContract } from '#libs/http-api';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { campaignView, createCampaignSchema, updateCampaignStatusSchema, type CreateCampaignDto } from '../campaigns/campaign.dto.js';
import { HarvestGateway } from '../leads/service-gateway.js';
import { campaignId, text } from './schemas.js';

const byId = z.strictObject({ id: campaignId });

const words = z.array(text(100)).max(50);
// What each source reads from its settings (services/harvest/src/sources).
const settingsOf = {
  'drop-folder': z.strictObject({}),
  'people-search': z.strictObject({
    filter: z
      .strictObject({ personTitles: words.optional(), personSeniorities: words.optional(), organizationLocations: words.optional(), organizationNumEmployeesRanges: words.optional(), qKeywords: text(500).optional() })
      .optional(),
    maxPages: z.int().min(1).max(100).optional().describe('Pages to fetch per run; the service default when left out'),
  }),
};
const sourceEntry = <S extends keyof typeof settingsOf>(source: S) =>
  z.strictObject({
    source: z.literal(source),
    enabled: z.boolean().optional().describe('true when left out'),
    settings: settingsOf[source].optional(),
  });
const drop = sourceEntry('drop-folder');
const people = sourceEntry('people-search');
// Each source at most once, in the order they are tried: the four chains there are, spelled out so the document
// says exactly what is accepted.
const sourceChain = z.strictObject({
  sources: z.union([z.tuple([drop]), z.tuple([people]), z.tuple([drop, people]), z.tuple([people, drop])]).describe('Sources in the order they are tried, each at most once'),
});
const sourceChainView = z.looseObject({ campaignId: z.string(), sources: z.array(z.looseObject({ source: z.string(), enabled: z.boolean() })) });

const byNewId = { id: '$response.body#/id' };
const create: OperationContract = {
  summary: 'Create a campaign',
  body: { content: { 'application/json': createCampaignSchema } },
  ok: {
    status: 201,
    description: 'The campaign',
    schema: campaignView,
    links: {
      GetCampaign: { operationId: 'CampaignsController_get', parameters: byNewId },
      SetCampaignStatus: { operationId: 'CampaignsController_setStatus', parameters: byNewId },
      GetSources: { operationId: 'CampaignsController_sources', parameters: byNewId },
      SetSources: { operationId: 'CampaignsController_setSources', parameters: byNewId },
    },
  },
  errors: [409, 413, 415, 503],
};
const list: OperationContract = { summary: 'All campaigns, oldest first', ok: { status: 200, description: 'Campaigns', schema: z.array(campaignView) } };
const get: OperationContract = { summary: 'One campaign', params: byId, ok: { status: 200, description: 'The campaign', schema: campaignView }, errors: [404] };
const setStatus: OperationContract = {
  summary: 'Pause, resume (active) or stop a campaign; only active campaigns are harvested',
  params: byId,
  body: { content: { 'application/json': updateCampaignStatusSchema } },
  ok: { status: 200, description: 'The campaign', schema: campaignView },
  errors: [404, 413, 415],
};
const sources: OperationContract = { summary: "The campaign's harvest fallback chain", params: byId, ok: { status: 200, description: 'The chain', schema: sourceChainView }, errors: [404, 503] };
const setSources: OperationContract = {
  summary: 'Replace the fallback chain: sources in the order they are tried',
  params: byId,
  body: { content: { 'application/json': sourceChain } },
  ok: { status: 200, description: 'The new chain', schema: sourceChainView },
  errors: [404, 413, 415, 503],
};

@ApiTags('campaigns')
@Controller('campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly harvest: HarvestGateway,
  ) {}

  @Post()
  @Contract(create)
  create(@Body(contractPipe(create, 'body')) dto: CreateCampaignDto) {
    return this.campaigns.create(dto);
  }

  @Get()
  @Contract(list)
  list() {
    return this.campaigns.list();
  }

  @Get(':id')
  @Contract(get)
  get(@Param(contractPipe(get, 'params')) p: { id: string }) {
    return this.campaigns.get(p.id);
  }

  @Patch(':id')
  @Contract(setStatus)
  setStatus(@Param(contractPipe(setStatus, 'params')) p: { id: string }, @Body(contractPipe(setStatus, 'body')) dto: z.infer<typeof updateCampaignStatusSchema>) {
    return this.campaigns.setStatus(p.id, dto.status);
  }

  @Get(':id/sources')
  @Contract(sources)
  async sources(@Param(contractPipe(sources, 'params')) p: { id: string }) {
    await this.campaigns.get(p.id);
    return this.harvest.get(`/internal/campaigns/${encodeURIComponent(p.id)}/sources`);
  }

  @Put(':id/sources')
  @Contract(setSources)
  async setSources(@Param(contractPipe(setSources, 'params')) p: { id: string }, @Body(contractPipe(setSources, 'body')) body: z.infer<typeof sourceChain>) {
    await this.campaigns.get(p.id);
    return this.harvest.put(`/internal/campaigns/${encodeURIComponent(p.id)}/sources`, body);
  }
}

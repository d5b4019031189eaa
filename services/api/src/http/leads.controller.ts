import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { Contract, contractPipe, issueDetails, RequestHeaders, type OperationContract } from '#libs/http-api';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { HarvestGateway } from '../leads/service-gateway.js';
import { campaignId, countryCodes, cursor, leadFields, leadId, limit, passThrough, text } from './schemas.js';

const listLeadsQuery = z.strictObject({
  campaignId: campaignId.optional(),
  source: z.enum(['api', 'web-form', 'csv', 'people-search']).optional(),
  country: z.enum(countryCodes as [string, ...string[]]).optional().meta({ example: 'DE' }),
  industry: text(100).optional(),
  q: text(200).optional().describe('Prefix of the email or company name'),
  cursor: cursor.optional(),
  limit: limit(500, 50).optional(),
});

const leadBody = z.strictObject({ campaignId, ...leadFields });
// A web form may carry hidden inputs and consent boxes: unknown fields are dropped, not stored.
const formJson = z.object({ ...leadFields });
// Form posts are text: the employee count arrives as digits, technologies as one ';'-separated value.
const formUrlEncoded = z.object({ ...leadFields, employeeCount: z.string().regex(/^(?:\d{1,7}|10000000)$/).optional(), technologies: text(1000).optional() });

const leadView = passThrough('The lead with its provenance');
// Kept with the lead's provenance, so a retried request can be traced to the first.
const requestIdHeader = z.object({ 'x-request-id': z.string().regex(/^[\x21-\x7E]{1,200}$/, { error: 'must be 1-200 visible ASCII characters' }).optional().describe('Your id for this request') });
const list: OperationContract = {
  summary: 'List leads with filters and cursor pagination',
  query: listLeadsQuery,
  ok: { status: 200, description: 'A page of leads; pass nextCursor as cursor for the next one', schema: z.looseObject({ items: z.array(z.looseObject({ id: z.string() })), nextCursor: z.string().nullable() }) },
  errors: [503],
};
const get: OperationContract = { summary: 'One lead with its provenance (source, import and line, first and last seen)', params: z.strictObject({ id: leadId }), ok: { status: 200, description: 'The lead', schema: leadView }, errors: [404, 503] };
const create: OperationContract = {
  summary: 'Create (or merge into) one lead; a lead typed by a person has the highest merge precedence',
  headers: requestIdHeader,
  body: { content: { 'application/json': leadBody } },
  ok: {
    status: 200,
    description: 'The lead, with created: false when it merged into an existing one',
    schema: leadView,
    links: {
      GetLead: { operationId: 'LeadsController_get', parameters: { id: '$response.body#/id' } },
      GetJourney: { operationId: 'LeadJudgementController_journey', parameters: { id: '$response.body#/id', campaignId: '$request.body#/campaignId' } },
    },
  },
  errors: [404, 413, 415, 503],
  invalidCode: 'invalid_lead',
};
const form: OperationContract = {
  summary: 'Inbound web form (JSON or application/x-www-form-urlencoded); unknown form fields are ignored',
  params: z.strictObject({ campaignId }),
  headers: requestIdHeader,
  body: { content: { 'application/json': formJson, 'application/x-www-form-urlencoded': formUrlEncoded } },
  ok: { status: 200, description: 'The lead id, and whether the form created it', schema: z.looseObject({ leadId: z.string(), created: z.boolean() }) },
  errors: [404, 413, 415, 503],
  invalidCode: 'invalid_lead',
};

@ApiTags('leads')
@Controller()
export class LeadsController {
  constructor(
    private readonly harvest: HarvestGateway,
    private readonly campaigns: CampaignsService,
  ) {}

  @Get('leads')
  @Contract(list)
  list(@Query(contractPipe(list, 'query')) query: z.infer<typeof listLeadsQuery>) {
    return this.harvest.get('/internal/leads', { ...query });
  }

  @Get('leads/:id')
  @Contract(get)
  get(@Param(contractPipe(get, 'params')) p: { id: string }) {
    return this.harvest.get(`/internal/leads/${encodeURIComponent(p.id)}`);
  }

  @Post('leads')
  @HttpCode(200)
  @Contract(create)
  async create(@Body(contractPipe(create, 'body')) body: z.infer<typeof leadBody>, @RequestHeaders(contractPipe(create, 'headers')) h: z.infer<typeof requestIdHeader>) {
    await this.campaigns.get(body.campaignId);
    return this.harvest.post('/internal/leads', body, h['x-request-id']);
  }

  @Post('forms/:campaignId')
  @HttpCode(200)
  @Contract(form)
  async form(@Param(contractPipe(form, 'params')) p: { campaignId: string }, @RequestHeaders(contractPipe(form, 'headers')) h: z.infer<typeof requestIdHeader>, @Req() req: Request) {
    const urlEncoded = (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
    const parsed = (urlEncoded ? formUrlEncoded : formJson).safeParse(req.body ?? {});
    if (!parsed.success) throw new BadRequestException({ code: 'invalid_lead', message: 'the form has invalid fields', details: issueDetails(parsed.error, 'body') });
    await this.campaigns.get(p.campaignId);
    return this.harvest.post(`/internal/forms/${encodeURIComponent(p.campaignId)}`, parsed.data, h['x-request-id']);
  }
}

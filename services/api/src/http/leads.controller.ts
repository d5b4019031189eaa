import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, Query, Req, UnauthorizedException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { Contract, contractPipe, issueDetails, RequestHeaders, type OperationContract } from '#libs/http-api';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { FORM_SIGNATURE_HEADER, formSignatureValid } from '../forms/form-signature.js';
import { HarvestGateway } from '../leads/service-gateway.js';
import { campaignId, countryCodes, cursor, leadFields, leadId, limit, passThrough, text, withRegionInCountry } from './schemas.js';

const listLeadsQuery = z.strictObject({
  campaignId: campaignId.optional(),
  source: z.enum(['api', 'web-form', 'csv', 'people-search']).optional(),
  country: z.enum(countryCodes as [string, ...string[]]).optional().meta({ example: 'DE' }),
  industry: text(100).optional(),
  q: text(200).optional().describe('Prefix of the email or company name'),
  cursor: cursor.optional(),
  limit: limit(500, 50).optional(),
});

const leadBody = withRegionInCountry(z.strictObject({ campaignId, ...leadFields }));
// A web form may carry hidden inputs and consent boxes: unknown fields are dropped, not stored.
const formJson = withRegionInCountry(z.object({ ...leadFields }));
// Form posts are text: the employee count arrives as digits, technologies as one ';'-separated value.
const formUrlEncoded = withRegionInCountry(z.object({ ...leadFields, employeeCount: z.string().regex(/^(?:\d{1,7}|10000000)$/).optional(), technologies: text(1000).optional() }));

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
const formId = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, { error: 'must be a form id (a UUID)' });
const formHeaders = requestIdHeader.extend({
  [FORM_SIGNATURE_HEADER]: z.string().max(200).optional().describe('sha256= and the hex HMAC-SHA256 of the raw body under the form\'s signing secret; required when the form has one'),
});
const form: OperationContract = {
  summary: 'Inbound web form (JSON or application/x-www-form-urlencoded); unknown form fields are ignored',
  description:
    'A form is the least trusted source: for an address already stored it fills only empty fields and adds the lead to the form\'s campaign; the lead\'s provenance lists the fields it was not allowed to change. A form created with a signing secret refuses posts without a valid signature (401).',
  // Posted by strangers' browsers from the company's web pages: no key.
  access: 'public',
  params: z.strictObject({ formId }),
  headers: formHeaders,
  body: { content: { 'application/json': formJson, 'application/x-www-form-urlencoded': formUrlEncoded } },
  ok: { status: 200, description: 'The lead id, and whether the form created it', schema: z.looseObject({ leadId: z.string(), created: z.boolean() }) },
  errors: [401, 404, 413, 415, 429, 503],
  invalidCode: 'invalid_lead',
};
const createFormBody = z.strictObject({ signed: z.boolean().optional().describe('Give the form a signing secret: then only signed posts are accepted') });
const createForm: OperationContract = {
  summary: "Create a public web form for a campaign; a signing secret, when asked for, is shown only in this answer",
  params: z.strictObject({ id: campaignId }),
  body: { content: { 'application/json': createFormBody }, required: false },
  ok: {
    status: 201,
    description: 'The form: post to /forms/{formId}',
    schema: z.looseObject({ formId: z.string(), campaignId: z.string(), signingSecret: z.string().nullable() }),
  },
  errors: [404, 413, 415, 503],
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

  @Post('campaigns/:id/forms')
  @HttpCode(201)
  @Contract(createForm)
  async createForm(@Param(contractPipe(createForm, 'params')) p: { id: string }, @Body(contractPipe(createForm, 'body')) body: z.infer<typeof createFormBody>) {
    await this.campaigns.get(p.id);
    return this.harvest.post('/internal/forms', { campaignId: p.id, signed: body.signed ?? false });
  }

  @Post('forms/:formId')
  @HttpCode(200)
  @Contract(form)
  async form(@Param(contractPipe(form, 'params')) p: { formId: string }, @RequestHeaders(contractPipe(form, 'headers')) h: z.infer<typeof formHeaders>, @Req() req: Request) {
    const urlEncoded = (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
    const parsed = (urlEncoded ? formUrlEncoded : formJson).safeParse(req.body ?? {});
    if (!parsed.success) throw new BadRequestException({ code: 'invalid_lead', message: 'the form has invalid fields', details: issueDetails(parsed.error, 'body') });
    const registered = await this.harvest.get<{ signingSecret: string | null }>(`/internal/forms/${encodeURIComponent(p.formId)}`);
    if (registered.signingSecret !== null && !formSignatureValid(registered.signingSecret, (req as Request & { rawBody?: Buffer }).rawBody, h[FORM_SIGNATURE_HEADER])) {
      throw new UnauthorizedException({
        code: 'form_signature_invalid',
        message: `this form accepts only signed posts: ${FORM_SIGNATURE_HEADER} must be sha256= and the HMAC-SHA256 of the raw body`,
        details: [{ field: FORM_SIGNATURE_HEADER, message: 'missing or not the signature of this body' }],
      });
    }
    return this.harvest.post(`/internal/forms/${encodeURIComponent(p.formId)}`, parsed.data, h['x-request-id']);
  }
}

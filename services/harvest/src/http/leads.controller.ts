import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LeadsService } from '../leads/leads.service.js';
import { parseLeadRequest } from '../leads/lead-request.js';
import { HarvestError } from '../harvest-errors.js';
import { FormsService } from '../forms/forms.service.js';

/** Internal lead endpoints; the API service is the public face and forwards here. */
@Controller('internal')
export class LeadsController {
  constructor(
    private readonly leads: LeadsService,
    private readonly forms: FormsService,
  ) {}

  @Get('leads')
  list(@Query() q: Record<string, string | undefined>) {
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw new HarvestError('invalid_lead', 'limit must be a whole number from 1 to 500', [{ field: 'limit', message: 'out of range' }]);
    }
    return this.leads.list({ campaignId: q.campaignId, source: q.source, country: q.country, industry: q.industry, q: q.q, cursor: q.cursor, limit });
  }

  @Get('leads/:id')
  get(@Param('id') id: string) {
    return this.leads.get(id);
  }

  /** A lead typed in by a person: highest merge precedence. */
  @Post('leads')
  @HttpCode(200)
  async create(@Body() body: unknown, @Headers('x-request-id') requestId?: string) {
    const { campaignId, lead } = parseLeadRequest(body, { allowExtra: false });
    const id = requestId || randomUUID();
    const saved = await this.leads.upsertOne(lead, { source: 'api', campaignId, requestId: id });
    return { ...(await this.leads.get(saved.id)), created: saved.created };
  }

  /**
   * A post to one public web form (the API has checked its signature when the form has a secret). Forms are the
   * least trusted source: the post fills only empty fields, joins the form's campaign, and its provenance lists
   * the fields it offered but was not allowed to change. Extra form fields (hidden inputs, consent boxes) are
   * tolerated, not stored.
   */
  @Post('forms/:formId')
  @HttpCode(200)
  async form(@Param('formId') formId: string, @Body() body: unknown, @Headers('x-request-id') requestId?: string) {
    const { campaignId } = await this.forms.get(formId);
    const { lead } = parseLeadRequest({ ...(body as object), campaignId }, { allowExtra: true });
    const id = requestId || randomUUID();
    const saved = await this.leads.upsertOne(lead, { source: 'web-form', campaignId, requestId: id, sourceRef: `form ${formId}` });
    return { leadId: saved.id, created: saved.created };
  }
}

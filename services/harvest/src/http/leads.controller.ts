import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LeadsService } from '../leads/leads.service.js';
import { parseLeadRequest } from '../leads/lead-request.js';
import { HarvestError } from '../harvest-errors.js';

/** Internal lead endpoints; the API service is the public face and forwards here. */
@Controller('internal')
export class LeadsController {
  constructor(private readonly leads: LeadsService) {}

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

  /** An inbound web form: extra form fields (hidden inputs, consent boxes) are tolerated, not stored. */
  @Post('forms/:campaignId')
  @HttpCode(200)
  async form(@Param('campaignId') campaignId: string, @Body() body: unknown, @Headers('x-request-id') requestId?: string) {
    const { lead } = parseLeadRequest({ ...(body as object), campaignId }, { allowExtra: true });
    const id = requestId || randomUUID();
    const saved = await this.leads.upsertOne(lead, { source: 'web-form', campaignId, requestId: id, sourceRef: `form ${campaignId}` });
    return { leadId: saved.id, created: saved.created };
  }
}

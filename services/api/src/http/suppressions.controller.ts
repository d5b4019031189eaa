import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Contract, contractPipe, type OperationContract } from '#libs/http-api';
import { NurtureGateway } from '../leads/service-gateway.js';
import { cursor, domain, email, limit, text } from './schemas.js';

const reason = text(500).nullable().optional().describe('Why, e.g. competitor, opted out');
const suppressionBody = z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('address'), value: email, reason }), z.strictObject({ kind: z.literal('domain'), value: domain, reason })]);
const suppression = z.looseObject({ kind: z.enum(['address', 'domain']), value: z.string() });

const list: OperationContract = {
  summary: 'Suppressed addresses and domains, newest first (cursor pagination)',
  query: z.strictObject({ cursor: cursor.optional(), limit: limit(500, 50).optional(), kind: z.enum(['address', 'domain']).optional() }),
  ok: { status: 200, description: 'A page of suppressions; pass next as cursor for the next one', schema: z.looseObject({ items: z.array(suppression), next: z.string().nullable() }) },
  errors: [503],
};
const add: OperationContract = {
  summary: 'Suppress an address or a whole domain (idempotent; created says whether this request listed it)',
  body: { content: { 'application/json': suppressionBody } },
  ok: { status: 201, description: 'The suppression', schema: suppression },
  errors: [413, 415, 503],
};
const removeAddress: OperationContract = { summary: 'Lift the suppression of one address', params: z.strictObject({ value: email }), ok: { status: 200, description: 'Lifted', schema: suppression }, errors: [404, 503] };
const removeDomain: OperationContract = { summary: 'Lift the suppression of a domain', params: z.strictObject({ value: domain }), ok: { status: 200, description: 'Lifted', schema: suppression }, errors: [404, 503] };

/** The global do-not-contact list: suppressed addresses and domains never qualify and are never sent to. Nurture owns it. */
@ApiTags('suppressions')
@Controller('suppressions')
export class SuppressionsController {
  constructor(private readonly nurture: NurtureGateway) {}

  @Get()
  @Contract(list)
  list(@Query(contractPipe(list, 'query')) q: { cursor?: string; limit?: number; kind?: string }) {
    return this.nurture.get('/internal/suppressions', { ...q });
  }

  @Post()
  @Contract(add)
  add(@Body(contractPipe(add, 'body')) body: z.infer<typeof suppressionBody>) {
    return this.nurture.post('/internal/suppressions', body);
  }

  @Delete('address/:value')
  @Contract(removeAddress)
  removeAddress(@Param(contractPipe(removeAddress, 'params')) p: { value: string }) {
    return this.nurture.delete(`/internal/suppressions/address/${encodeURIComponent(p.value)}`);
  }

  @Delete('domain/:value')
  @Contract(removeDomain)
  removeDomain(@Param(contractPipe(removeDomain, 'params')) p: { value: string }) {
    return this.nurture.delete(`/internal/suppressions/domain/${encodeURIComponent(p.value)}`);
  }
}

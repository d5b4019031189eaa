import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { QualificationGateway } from '../leads/service-gateway.js';

/** The global do-not-contact list: suppressed addresses and domains never qualify. Qualification owns it. */
@ApiTags('suppressions')
@Controller('suppressions')
export class SuppressionsController {
  constructor(private readonly qualification: QualificationGateway) {}

  @Get()
  @ApiOperation({ summary: 'Suppressed addresses and domains, newest first (cursor pagination)' })
  list(@Query('cursor') cursor?: string, @Query('limit') limit?: string) {
    return this.qualification.get('/internal/suppressions', { cursor, limit });
  }

  @Post()
  @ApiOperation({ summary: 'Suppress an address or a whole domain' })
  @ApiBody({ schema: { type: 'object', example: { kind: 'domain', value: 'competitor.example', reason: 'competitor' } } })
  add(@Body() body: unknown) {
    return this.qualification.postRaw('/internal/suppressions', body);
  }

  @Delete(':kind/:value')
  remove(@Param('kind') kind: string, @Param('value') value: string) {
    return this.qualification.delete(`/internal/suppressions/${encodeURIComponent(kind)}/${encodeURIComponent(value)}`);
  }
}

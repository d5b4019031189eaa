import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import type { QualifiedPage } from '#libs/contracts';
import { QualifiedLeads } from '../results/qualified-leads.js';
import { campaignIdOf, leadIdOf, limitOf, objectBody } from './request-values.js';

/** Internal: routing pages through a campaign's qualified leads here (libs/contracts stage-data.ts). */
@Controller('internal/qualified')
export class QualifiedLeadsController {
  constructor(private readonly qualified: QualifiedLeads) {}

  @Post('page')
  @HttpCode(200)
  page(@Body() body: unknown): Promise<QualifiedPage> {
    const b = objectBody(body, ['campaignId', 'after', 'limit'], 'invalid_page');
    const after = b.after === null || b.after === undefined ? null : leadIdOf(b.after, 'after');
    return this.qualified.page(campaignIdOf(b.campaignId), after, limitOf(b.limit, 1000));
  }
}

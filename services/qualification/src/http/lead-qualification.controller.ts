import { Controller, Get, Param } from '@nestjs/common';
import { QualificationError } from '../qualification-errors.js';
import { QualificationResults, type LeadQualificationView } from '../results/qualification-results.js';
import { campaignIdOf, leadIdOf } from './request-values.js';

/** Internal: how qualification judged one lead of a campaign, with every reason; the API forwards here. */
@Controller('internal/campaigns/:campaignId/leads/:leadId/qualification')
export class LeadQualificationController {
  constructor(private readonly results: QualificationResults) {}

  @Get()
  async get(@Param('campaignId') campaignId: string, @Param('leadId') leadId: string): Promise<LeadQualificationView> {
    const found = await this.results.get(campaignIdOf(campaignId), leadIdOf(leadId));
    if (!found) {
      throw new QualificationError('qualification_not_found', `lead ${leadId} has not been qualified in campaign ${campaignId} yet`, [{ field: 'leadId', message: 'no qualification' }]);
    }
    return found;
  }
}

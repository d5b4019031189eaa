import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { assertCampaignId, HarvestError } from '../harvest-errors.js';
import { FormsService } from '../forms/forms.service.js';

/** Internal form registry; the API creates forms for campaigns and looks a form up before accepting a post. */
@Controller('internal/forms')
export class FormsController {
  constructor(private readonly forms: FormsService) {}

  @Post()
  create(@Body() body: unknown) {
    const b = (body ?? {}) as { campaignId?: unknown; signed?: unknown };
    const campaignId = assertCampaignId(b.campaignId);
    if (b.signed !== undefined && typeof b.signed !== 'boolean') throw new HarvestError('invalid_form', 'signed must be true or false', [{ field: 'signed', message: 'not a boolean' }]);
    return this.forms.create(campaignId, b.signed === true);
  }

  @Get(':formId')
  get(@Param('formId') formId: string) {
    return this.forms.get(formId);
  }
}

import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { TemplatePreview } from './template-preview.js';

/** Internal: a template rendered for a lead (nothing sent, nothing claimed), and a test send to an address. */
@Controller('internal/campaigns/:campaignId/templates/:templateId')
export class TemplatePreviewController {
  constructor(@Inject(TemplatePreview) private readonly previews: TemplatePreview) {}

  /** Body `{ leadId }`. */
  @Post('preview')
  @HttpCode(200)
  preview(@Param('campaignId') campaignId: string, @Param('templateId') templateId: string, @Body() body: unknown) {
    return this.previews.preview(campaignId, templateId, body);
  }

  /** Body `{ to, leadId? }`: sample fields without a lead. */
  @Post('test-send')
  @HttpCode(200)
  testSend(@Param('campaignId') campaignId: string, @Param('templateId') templateId: string, @Body() body: unknown) {
    return this.previews.testSend(campaignId, templateId, body);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { STAGE_PAGE_MAX } from '#libs/contracts';
import { CampaignControls, type ControlAction } from '../controls/campaign-controls.js';
import { parseBody } from '../definitions/field-problems.js';
import { EnrolmentViews } from '../enrolments/enrolment-views.js';
import { NurtureError } from '../nurture-errors.js';
import { campaignIdParam, leadIdParam, pageQuery } from './path-values.js';

const VISIBLE = /^(?=[^]*\S)[^\x00-\x1F\x7F]*$/;
const controlSchema = z.strictObject(
  {
    reason: z
      .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be text') })
      .max(500, { error: 'must be at most 500 characters' })
      .regex(VISIBLE, { error: 'must be visible text without control characters' }),
    by: z.string({ error: 'must be text' }).max(200, { error: 'must be at most 200 characters' }).regex(VISIBLE, { error: 'must be visible text without control characters' }).optional(),
  },
  { error: 'must be a JSON object { reason, by? }' },
);

/** Internal: a campaign's enrolments (queue, summary, pause/resume/stop) and one lead's enrolments. */
@Controller('internal')
export class EnrolmentsController {
  constructor(
    private readonly views: EnrolmentViews,
    private readonly controls: CampaignControls,
  ) {}

  @Get('campaigns/:campaignId/nurture/summary')
  summary(@Param('campaignId') campaignId: string) {
    return this.views.summary(campaignIdParam(campaignId));
  }

  /** `?after=<position>&limit=`: queued leads in admission order, each with its position. */
  @Get('campaigns/:campaignId/nurture/queue')
  queue(@Param('campaignId') campaignId: string, @Query('after') after?: string, @Query('limit') limit?: string) {
    const id = campaignIdParam(campaignId);
    const page = pageQuery(after, limit, STAGE_PAGE_MAX, 100);
    return this.views.queue(id, page.after, page.limit);
  }

  @Post('campaigns/:campaignId/nurture/:action')
  @HttpCode(200)
  control(@Param('campaignId') campaignId: string, @Param('action') action: string, @Body() body: unknown) {
    const id = campaignIdParam(campaignId);
    if (action !== 'pause' && action !== 'resume' && action !== 'stop') {
      throw new NurtureError('invalid_request', 'the action must be pause, resume or stop', [{ field: 'action', message: 'action must be pause, resume or stop' }]);
    }
    const parsed = parseBody(controlSchema, body, 'invalid_request', 'control');
    return this.controls.apply(id, action as ControlAction, parsed.reason.trim(), parsed.by);
  }

  @Get('leads/:leadId/enrolments')
  async ofLead(@Param('leadId') leadId: string) {
    const id = leadIdParam(leadId);
    return { leadId: id, items: await this.views.ofLead(id) };
  }
}

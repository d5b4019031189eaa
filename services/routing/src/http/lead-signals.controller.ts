import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { LeadSignalsService } from '../guardrails/lead-signals.service.js';
import { parseAccountReply, parseEnrolledRoutesPage, parseEnrolmentQuery, parseLeadId, parseLeadStage } from './request-parsing.js';

/** Internal: the facts routing's guardrails read (stages, account replies), and enrolments for other services. */
@Controller('internal')
export class LeadSignalsController {
  constructor(private readonly signals: LeadSignalsService) {}

  /** Body `{ stage }`: the lead's lifecycle or CRM stage; null clears it. */
  @Put('leads/:leadId/stage')
  setStage(@Param('leadId') leadId: string, @Body() body: unknown) {
    const id = parseLeadId(leadId);
    return this.signals.setStage(id, parseLeadStage(body).stage);
  }

  /** Body `{ companyDomain, leadId, repliedAt }`: someone at this company replied. */
  @Post('account-replies')
  @HttpCode(200)
  accountReply(@Body() body: unknown) {
    const reply = parseAccountReply(body);
    return this.signals.recordAccountReply(reply.companyDomain, reply.leadId, reply.repliedAt.toISOString());
  }

  /** Body `{ leadIds }`: which of these leads are enrolled, where. */
  @Post('enrolments/active')
  @HttpCode(200)
  async activeEnrolments(@Body() body: unknown) {
    return { items: await this.signals.activeEnrolments(parseEnrolmentQuery(body).leadIds) };
  }

  /** Body `{ campaignId, after, limit }`: the campaign's enrolled routes, a page at a time (nurture's admission). */
  @Post('routes/enrolled/page')
  @HttpCode(200)
  enrolledPage(@Body() body: unknown) {
    return this.signals.enrolledPage(parseEnrolledRoutesPage(body));
  }
}

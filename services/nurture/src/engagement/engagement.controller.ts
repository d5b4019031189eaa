import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { isCampaignId, type AccountReplyResult, type EnrolmentRef, type LeadSend, type OptOutResult, type ReplyMatch } from '#libs/contracts';
import { parseBody } from '../definitions/field-problems.js';
import { leadIdParam } from '../http/path-values.js';
import { NurtureError } from '../nurture-errors.js';
import { OptOuts, OptOutSignalsFailed } from '../suppressions/opt-outs.js';
import { SuppressionError } from '../suppressions/suppression-errors.js';
import { ColleagueSignalsFailed, ColleagueStops } from './colleague-stops.js';
import { accountReplyBody, optOutBody, replyMatchBody, resolveBody } from './engagement-bodies.js';
import { EnrolmentRefs } from './enrolment-refs.js';

/**
 * Internal: what engagement asks of nurture (libs/contracts/src/engagement.ts): the enrolments behind events and
 * replies, opt-outs by address, colleagues stopped on a reply, and a lead's sends for the journey. Every write
 * is idempotent per event id, so engagement may repeat any call from its inbox.
 */
@Controller('internal')
export class EngagementController {
  constructor(
    private readonly refs: EnrolmentRefs,
    private readonly optOuts: OptOuts,
    private readonly colleagues: ColleagueStops,
  ) {}

  @Post('enrolments/resolve')
  @HttpCode(200)
  async resolve(@Body() body: unknown): Promise<{ items: EnrolmentRef[] }> {
    const { enrolmentIds } = parseBody(resolveBody, body, 'invalid_request', 'resolve request');
    return { items: await this.refs.resolve(enrolmentIds) };
  }

  @Post('replies/match')
  @HttpCode(200)
  match(@Body() body: unknown): Promise<ReplyMatch> {
    return this.refs.match(parseBody(replyMatchBody, body, 'invalid_request', 'reply match request'));
  }

  /** Suppresses the address and ends + signals every open enrolment of it; 503 while a workflow could not be told. */
  @Post('opt-outs')
  @HttpCode(200)
  async optOut(@Body() body: unknown): Promise<OptOutResult> {
    const b = parseBody(optOutBody, body, 'invalid_request', 'opt-out');
    try {
      const result = await this.optOuts.applyToAddress(b.email, { enrolmentId: b.enrolmentId ?? '', kind: b.kind, eventId: b.eventId, at: new Date(b.at).toISOString(), detail: b.detail ?? null });
      return { suppressed: result.suppressed, stopped: result.stopped };
    } catch (err) {
      if (err instanceof OptOutSignalsFailed) throw new SuppressionError('workflows_not_signalled', err.message, err.result.failed.map((f) => ({ field: f.workflowId, message: f.error })));
      throw err;
    }
  }

  @Post('account-replies')
  @HttpCode(200)
  async accountReply(@Body() body: unknown): Promise<AccountReplyResult> {
    const b = parseBody(accountReplyBody, body, 'invalid_request', 'account reply');
    try {
      return await this.colleagues.apply({ ...b, leadId: b.leadId.toLowerCase(), at: new Date(b.at).toISOString() });
    } catch (err) {
      if (err instanceof ColleagueSignalsFailed) throw new SuppressionError('workflows_not_signalled', err.message, err.failed.map((f) => ({ field: f.workflowId, message: f.error })));
      throw err;
    }
  }

  /** Oldest first; `?campaignId=` narrows to one campaign. */
  @Get('leads/:leadId/sends')
  async sends(@Param('leadId') leadId: string, @Query('campaignId') campaignId?: string): Promise<{ items: LeadSend[] }> {
    const id = leadIdParam(leadId);
    if (campaignId !== undefined && campaignId !== '' && !isCampaignId(campaignId)) {
      throw new NurtureError('invalid_campaign_id', 'campaignId must be 1-63 lower-case letters, digits or dashes', [{ field: 'campaignId', message: 'campaignId must be 1-63 lower-case letters, digits or dashes' }]);
    }
    return { items: await this.refs.sendsOf(id, campaignId ? campaignId : null) };
  }
}

import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { STAGE_PAGE_MAX } from '#libs/contracts';
import { assertRuleSetCampaign } from '#libs/rule-set-store';
import { ScoringError, assertLeadId } from '../scoring-errors.js';
import { CampaignScorer } from '../scores/campaign-scorer.js';
import { EngagementRescorer } from '../scores/engagement-rescorer.js';
import { LeadScoresRepository } from '../scores/lead-scores.repository.js';

/** Internal routes: scores with explanations, tiers for routing, the shadow report, engagement that rescores at once. */
@Controller('internal')
export class ScoresController {
  constructor(
    private readonly scorer: CampaignScorer,
    private readonly scores: LeadScoresRepository,
    private readonly rescorer: EngagementRescorer,
  ) {}

  @Get('campaigns/:campaignId/leads/:leadId/score')
  async score(@Param('campaignId') campaignId: string, @Param('leadId') leadId: string) {
    const explained = await this.scorer.explain(assertRuleSetCampaign(campaignId), assertLeadId(leadId));
    if (!explained) throw new ScoringError('score_not_found', `lead ${leadId} has no score in campaign ${campaignId} yet (scores appear after the score stage runs)`);
    return explained;
  }

  @Get('campaigns/:campaignId/rule-sets/:version/shadow-report')
  shadow(@Param('campaignId') campaignId: string, @Param('version', ParseIntPipe) version: number) {
    return this.scorer.shadow(assertRuleSetCampaign(campaignId), version);
  }

  @Post('scores/by-ids')
  @HttpCode(200)
  async byIds(@Body() body: { campaignId?: unknown; ids?: unknown }) {
    const campaignId = assertRuleSetCampaign(body?.campaignId);
    if (!Array.isArray(body.ids) || body.ids.length > STAGE_PAGE_MAX) {
      throw new ScoringError('invalid_request', `ids must be an array of at most ${STAGE_PAGE_MAX} lead ids`, [{ field: 'ids', message: 'not an array of lead ids' }]);
    }
    const ids = body.ids.map((id, i) => assertLeadId(id, `ids[${i}]`));
    return { items: await this.scores.currentTiers(campaignId, ids) };
  }

  @Post('engagement-events')
  @HttpCode(200)
  async engagement(@Body() body: { eventId?: unknown; campaignId?: unknown; leadId?: unknown; kind?: unknown; at?: unknown; machine?: unknown }) {
    const campaignId = assertRuleSetCampaign(body?.campaignId);
    const leadId = assertLeadId(body.leadId);
    const details = [];
    if (typeof body.eventId !== 'string' || body.eventId.length === 0 || body.eventId.length > 200) details.push({ field: 'eventId', message: 'must be a non-empty string of at most 200 characters' });
    if (body.kind !== 'open' && body.kind !== 'click' && body.kind !== 'reply') details.push({ field: 'kind', message: 'must be open, click or reply' });
    const at = typeof body.at === 'string' ? new Date(body.at) : new Date(NaN);
    if (Number.isNaN(at.getTime())) details.push({ field: 'at', message: 'must be an ISO time' });
    if (details.length) throw new ScoringError('invalid_request', 'engagement event is not valid', details);
    // Stored and, for a scored lead, rescored at once; a re-delivered eventId has no second effect.
    return this.rescorer.record({ eventId: body.eventId as string, campaignId, leadId, kind: body.kind as 'open' | 'click' | 'reply', at, machine: body.machine === true });
  }
}

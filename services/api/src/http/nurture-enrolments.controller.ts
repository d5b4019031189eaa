import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Contract, contractPipe, type OperationContract } from '#libs/http-api';
import type { KeyedRequest } from '../auth/api-key.guard.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import type { LatestReply } from '../journey/journey-order.js';
import { LeadReplies } from '../journey/lead-replies.js';
import { NurtureGateway } from '../leads/service-gateway.js';
import { campaignSummaryView, controlBody, controlView, enrolmentStatusView, leadEnrolmentsView, queueView } from './nurture-schemas.js';
import { LeadNurtureStatus } from './nurture-status.js';
import { campaignId, leadId, limit } from './schemas.js';

const ofCampaign = z.strictObject({ id: campaignId });
const controls = ['pause', 'resume', 'stop'] as const;
type ControlAction = (typeof controls)[number];

const leadNurture: OperationContract = {
  summary: "Where a lead is in its sequences and why it waits: step, next wake-up, the rule holding it, counts",
  description:
    'With campaignId: that enrolment (404 when the lead is not enrolled in it). Without: every enrolment of the lead. A lead still queued for its campaign\'s daily capacity shows its queue position. Each enrolment shows the latest reply in its campaign (`latestReply`: its class and text without the quoted history).',
  params: z.strictObject({ id: leadId }),
  query: z.strictObject({ campaignId: campaignId.optional().describe('One campaign; all of the lead\'s enrolments when left out') }),
  ok: { status: 200, description: 'The enrolment, or all of them', schema: z.union([enrolmentStatusView, leadEnrolmentsView]) },
  errors: [404, 503],
};
const summary: OperationContract = {
  summary: "The campaign's enrolments by status and by step, its daily new-lead limit and how many wait in the queue",
  params: ofCampaign,
  ok: { status: 200, description: 'The summary', schema: campaignSummaryView },
  errors: [404, 503],
};
const queue: OperationContract = {
  summary: 'Leads waiting for the campaign\'s daily capacity, in the order they will start, with their position (cursor pagination)',
  params: ofCampaign,
  // The queue pages by position: next is the last position of the page.
  query: z.strictObject({ cursor: z.string().regex(/^\d{1,9}$/, { error: 'must be a next value from the previous page' }).optional().describe('next from the previous page'), limit: limit(500, 50).optional() }),
  ok: { status: 200, description: 'A page of the queue; pass next as cursor for the next one', schema: queueView },
  errors: [404, 503],
};
const control = (action: ControlAction, summaryText: string): OperationContract => ({
  summary: summaryText,
  params: ofCampaign,
  body: { content: { 'application/json': controlBody } },
  ok: { status: 200, description: 'The campaign\'s nurture state', schema: controlView },
  errors: [404, 409, 413, 415, 503],
});
const pause = control('pause', 'Pause nurture for the campaign: every pending send waits, nobody is lost');
const resume = control('resume', 'Resume nurture: each lead continues at its next step');
const stop = control('stop', 'Stop nurture: every enrolment of the campaign ends cleanly');

/** An enrolment with the latest reply in its campaign (null: none); left as it is when engagement did not answer. */
function withLatestReply<T extends { campaignId: string }>(item: T, byCampaign: Map<string, LatestReply> | null): T & { latestReply?: LatestReply | null } {
  return byCampaign === null ? item : { ...item, latestReply: byCampaign.get(item.campaignId) ?? null };
}

/** Inspecting and steering enrolments: per lead, per campaign, and the campaign's pause / resume / stop. */
@ApiTags('nurture')
@Controller()
export class NurtureEnrolmentsController {
  constructor(
    private readonly nurture: NurtureGateway,
    private readonly campaigns: CampaignsService,
    private readonly status: LeadNurtureStatus,
    private readonly replies: LeadReplies,
  ) {}

  @Get('leads/:id/nurture')
  @Contract(leadNurture)
  async leadNurture(@Param(contractPipe(leadNurture, 'params')) p: { id: string }, @Query(contractPipe(leadNurture, 'query')) q: { campaignId?: string }) {
    const latest = this.replies.latestByCampaign(p.id);
    if (q.campaignId === undefined) {
      const all = await this.status.all(p.id);
      const byCampaign = await latest;
      return { ...all, items: all.items.map((item) => withLatestReply(item, byCampaign)) };
    }
    await this.campaigns.get(q.campaignId);
    const one = await this.status.inCampaign(p.id, q.campaignId);
    return withLatestReply(one, await latest);
  }

  @Get('campaigns/:id/nurture')
  @Contract(summary)
  async summary(@Param(contractPipe(summary, 'params')) p: { id: string }) {
    await this.campaigns.get(p.id);
    return this.nurture.get(`/internal/campaigns/${encodeURIComponent(p.id)}/nurture/summary`);
  }

  @Get('campaigns/:id/nurture/queue')
  @Contract(queue)
  async queue(@Param(contractPipe(queue, 'params')) p: { id: string }, @Query(contractPipe(queue, 'query')) q: { cursor?: string; limit?: number }) {
    await this.campaigns.get(p.id);
    return this.nurture.get(`/internal/campaigns/${encodeURIComponent(p.id)}/nurture/queue`, { after: q.cursor, limit: q.limit });
  }

  @Post('campaigns/:id/nurture/pause')
  @HttpCode(200)
  @Contract(pause)
  pause(@Param(contractPipe(pause, 'params')) p: { id: string }, @Body(contractPipe(pause, 'body')) body: z.infer<typeof controlBody>, @Req() req: KeyedRequest) {
    return this.control('pause', p.id, body.reason, req);
  }

  @Post('campaigns/:id/nurture/resume')
  @HttpCode(200)
  @Contract(resume)
  resume(@Param(contractPipe(resume, 'params')) p: { id: string }, @Body(contractPipe(resume, 'body')) body: z.infer<typeof controlBody>, @Req() req: KeyedRequest) {
    return this.control('resume', p.id, body.reason, req);
  }

  @Post('campaigns/:id/nurture/stop')
  @HttpCode(200)
  @Contract(stop)
  stop(@Param(contractPipe(stop, 'params')) p: { id: string }, @Body(contractPipe(stop, 'body')) body: z.infer<typeof controlBody>, @Req() req: KeyedRequest) {
    return this.control('stop', p.id, body.reason, req);
  }

  private async control(action: ControlAction, id: string, reason: string, req: KeyedRequest) {
    await this.campaigns.get(id);
    // The audit entry (written by the key guard once answered) names the action and its reason beside the campaign.
    req.auditTarget = { action, reason };
    return this.nurture.post(`/internal/campaigns/${encodeURIComponent(id)}/nurture/${action}`, { reason, by: req.apiKey ? `api-key:${req.apiKey.id}` : undefined });
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Contract, contractPipe, type OperationContract } from '#libs/http-api';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { LeadJourney } from '../journey/lead-journey.js';
import { QualificationGateway, RoutingGateway, ScoringGateway } from '../leads/service-gateway.js';
import { journeyEntry } from './engagement-schemas.js';
import { campaignId, label, leadId, passThrough } from './schemas.js';

const leadPath = (campaignId: string, leadId: string) => `/internal/campaigns/${encodeURIComponent(campaignId)}/leads/${encodeURIComponent(leadId)}`;

const byLead = z.strictObject({ id: leadId });
const inCampaign = z.strictObject({ campaignId: campaignId.describe('The campaign the lead is judged in') });
const touchBody = z.strictObject({
  campaignId,
  by: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:@+-]{0,99}$/, { error: 'must be an owner id' }).optional().describe('Who worked the lead (owner id)'),
});
const stageBody = z.strictObject({ stage: label(60).nullable().describe('Lifecycle stage, e.g. new, contacted, open opportunity, customer; null clears it') });

const judgement = (summary: string, what: string): OperationContract => ({ summary, params: byLead, query: inCampaign, ok: { status: 200, description: what, schema: passThrough(what) }, errors: [404, 503] });
const score = judgement("The lead's score and tier with every contribution, the rule-set version and the inputs used", 'The score');
const qualification = judgement('The qualification decision with its reasons and the email verdict', 'The qualification');
const route = judgement('The sequence and owner the lead was routed to, why, and its SLA events', 'The route');
const journey: OperationContract = {
  summary: "The lead's timeline in a campaign: score, qualification and route, then its sends, engagement events and replies in time order",
  description: [
    'A stage that has not judged the lead yet is null. `entries` lists the sends (nurture\'s ledger), the events SendGrid posted (opens, clicks, bounces…, machine opens flagged) and the replies (with their class and text) in time order; at an equal instant a send comes before its events, then by id. An event SendGrid stamps in whole seconds is never placed before its own send.',
    '`workflowId` names the lead\'s sequence workflow (null before it starts) and `workflowUrl` opens its history, with every engagement signal, in the Temporal Web UI when the API knows the UI\'s address.',
    'The journey is whole or refused: when the nurture or the engagement service does not answer, the answer is 503 with code `nurture_unavailable` or `engagement_unavailable`, never a list with a part missing. 404 for a lead that does not exist.',
  ].join('\n\n'),
  params: byLead,
  query: inCampaign,
  ok: {
    status: 200,
    description: 'The journey',
    schema: z.strictObject({
      leadId: z.string(),
      campaignId: z.string(),
      score: z.looseObject({}).nullable(),
      qualification: z.looseObject({}).nullable(),
      route: z.looseObject({}).nullable(),
      workflowId: z.string().nullable().describe('The lead\'s sequence workflow in Temporal; null before it has started'),
      workflowUrl: z.string().nullable().describe('Its history in the Temporal Web UI; null when the UI\'s address is not configured'),
      entries: z.array(journeyEntry).describe('Sends, engagement events and replies, oldest first'),
    }),
  },
  errors: [404, 503],
};
const touch: OperationContract = { summary: 'The owner worked the lead: stops its hot-lead SLA timer', params: byLead, body: { content: { 'application/json': touchBody } }, ok: { status: 200, description: 'The route after the touch', schema: passThrough('The route') }, errors: [404, 413, 415, 503] };
const stage: OperationContract = {
  summary: "Set the lead's lifecycle stage (routing never enrols a lead in a do-not-contact stage)",
  params: byLead,
  body: { content: { 'application/json': stageBody } },
  ok: { status: 200, description: 'The stored stage', schema: passThrough('The stage') },
  errors: [404, 413, 415, 503],
};

/** How each stage judged a lead, with the reasons, read from the services that own each judgement. */
@ApiTags('leads')
@Controller('leads/:id')
export class LeadJudgementController {
  constructor(
    private readonly scoring: ScoringGateway,
    private readonly qualification: QualificationGateway,
    private readonly routing: RoutingGateway,
    private readonly campaigns: CampaignsService,
    private readonly leadJourney: LeadJourney,
  ) {}

  @Get('score')
  @Contract(score)
  score(@Param(contractPipe(score, 'params')) p: { id: string }, @Query(contractPipe(score, 'query')) q: { campaignId: string }) {
    return this.scoring.get(`${leadPath(q.campaignId, p.id)}/score`);
  }

  @Get('qualification')
  @Contract(qualification)
  qualificationOf(@Param(contractPipe(qualification, 'params')) p: { id: string }, @Query(contractPipe(qualification, 'query')) q: { campaignId: string }) {
    return this.qualification.get(`${leadPath(q.campaignId, p.id)}/qualification`);
  }

  @Get('route')
  @Contract(route)
  route(@Param(contractPipe(route, 'params')) p: { id: string }, @Query(contractPipe(route, 'query')) q: { campaignId: string }) {
    return this.routing.get(`${leadPath(q.campaignId, p.id)}/route`);
  }

  @Get('journey')
  @Contract(journey)
  async journey(@Param(contractPipe(journey, 'params')) p: { id: string }, @Query(contractPipe(journey, 'query')) q: { campaignId: string }) {
    const orNull = (pending: Promise<unknown>) => pending.catch((err: { status?: number }) => (err?.status === 404 ? null : Promise.reject(err)));
    // The lead first: an unknown lead is a 404, not an empty journey.
    await this.leadJourney.leadExists(p.id);
    const [score, qualification, route, timeline] = await Promise.all([
      orNull(this.scoring.get(`${leadPath(q.campaignId, p.id)}/score`)),
      orNull(this.qualification.get(`${leadPath(q.campaignId, p.id)}/qualification`)),
      orNull(this.routing.get(`${leadPath(q.campaignId, p.id)}/route`)),
      this.leadJourney.timeline(p.id, q.campaignId),
    ]);
    return { leadId: p.id, campaignId: q.campaignId, score, qualification, route, ...timeline };
  }

  @Post('touch')
  @HttpCode(200)
  @Contract(touch)
  async touch(@Param(contractPipe(touch, 'params')) p: { id: string }, @Body(contractPipe(touch, 'body')) dto: z.infer<typeof touchBody>) {
    await this.campaigns.get(dto.campaignId);
    return this.routing.post(`${leadPath(dto.campaignId, p.id)}/touch`, { by: dto.by });
  }

  @Put('stage')
  @Contract(stage)
  stage(@Param(contractPipe(stage, 'params')) p: { id: string }, @Body(contractPipe(stage, 'body')) dto: z.infer<typeof stageBody>) {
    return this.routing.put(`/internal/leads/${encodeURIComponent(p.id)}/stage`, { stage: dto.stage });
  }
}

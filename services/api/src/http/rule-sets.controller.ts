import { BadRequestException, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { Contract, contractPipe, issueDetails, type OperationContract } from '#libs/http-api';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { QualificationGateway, RoutingGateway, ScoringGateway, type ServiceGateway } from '../leads/service-gateway.js';
import { campaignId, passThrough, text } from './schemas.js';

const kinds = ['scoring', 'qualification', 'routing'] as const;
type RuleSetKind = (typeof kinds)[number];

const ofKind = z.strictObject({ campaignId, kind: z.enum(kinds) });
const ofVersion = z.strictObject({ campaignId, kind: z.enum(kinds), version: z.int().min(1).max(2_147_483_647) });
const ofScoringVersion = z.strictObject({ campaignId, kind: z.literal('scoring'), version: z.int().min(1).max(2_147_483_647) });
const ruleSetBody = {
  'application/json': z.looseObject({}).describe('A rule set of the kind in the path; GET …/active shows one. Its rules are checked together: a rule set that does not hold together is answered with 422 naming every problem by rule and field'),
  'application/yaml': z.string().describe('The same rule set written in YAML'),
};
const ruleSet = passThrough('A rule-set version');

const list: OperationContract = { summary: "The campaign's rule-set versions, newest first, with which one is active", params: ofKind, ok: { status: 200, description: 'Versions', schema: z.array(ruleSet) }, errors: [404, 503] };
const create: OperationContract = {
  summary: 'Save a new draft version (JSON or YAML); refused with every problem named by rule and field',
  params: ofKind,
  query: z.strictObject({ note: text(500).optional().describe('Why this version exists') }),
  body: { content: ruleSetBody },
  ok: { status: 201, description: 'The saved draft', schema: ruleSet },
  errors: [404, 413, 415, 422, 503],
};
const validate: OperationContract = { summary: 'Check a rule set without saving it', params: ofKind, body: { content: ruleSetBody }, ok: { status: 200, description: 'The rule set is valid', schema: passThrough('The check') }, errors: [404, 413, 415, 422, 503] };
const active: OperationContract = { summary: 'The version the stage applies', params: ofKind, ok: { status: 200, description: 'The active version', schema: ruleSet }, errors: [404, 503] };
const get: OperationContract = { summary: 'One version', params: ofVersion, ok: { status: 200, description: 'The version', schema: ruleSet }, errors: [404, 503] };
const activate: OperationContract = { summary: 'Make this version the one the stage applies from its next run', params: ofVersion, ok: { status: 200, description: 'The now active version', schema: ruleSet }, errors: [404, 503] };
const shadow: OperationContract = { summary: 'How many leads would move between which tiers if this scoring version were active', params: ofScoringVersion, ok: { status: 200, description: 'The shadow report', schema: passThrough('The report') }, errors: [404, 503] };

/**
 * Rule sets are data, versioned per campaign and owned by the stage that applies them. Every stage serves the
 * same routes; the API picks the stage by kind and passes JSON or YAML bodies through.
 */
@ApiTags('rule sets')
@Controller('campaigns/:campaignId/rule-sets/:kind')
export class RuleSetsController {
  constructor(
    private readonly scoring: ScoringGateway,
    private readonly qualification: QualificationGateway,
    private readonly routing: RoutingGateway,
    private readonly campaigns: CampaignsService,
  ) {}

  @Get()
  @Contract(list)
  async list(@Param(contractPipe(list, 'params')) p: z.infer<typeof ofKind>) {
    await this.campaigns.get(p.campaignId);
    return this.stage(p.kind).get(this.base(p.campaignId));
  }

  @Post()
  @Contract(create)
  async create(@Param(contractPipe(create, 'params')) p: z.infer<typeof ofKind>, @Query(contractPipe(create, 'query')) q: { note?: string }, @Req() req: Request) {
    const body = ruleSetBodyOf(req);
    await this.campaigns.get(p.campaignId);
    return this.stage(p.kind).postRaw(this.base(p.campaignId), body, { note: q.note });
  }

  @Post('validate')
  @HttpCode(200)
  @Contract(validate)
  async validate(@Param(contractPipe(validate, 'params')) p: z.infer<typeof ofKind>, @Req() req: Request) {
    const body = ruleSetBodyOf(req);
    await this.campaigns.get(p.campaignId);
    return this.stage(p.kind).postRaw(`${this.base(p.campaignId)}/validate`, body);
  }

  @Get('active')
  @Contract(active)
  active(@Param(contractPipe(active, 'params')) p: z.infer<typeof ofKind>) {
    return this.stage(p.kind).get(`${this.base(p.campaignId)}/active`);
  }

  @Get(':version')
  @Contract(get)
  get(@Param(contractPipe(get, 'params')) p: z.infer<typeof ofVersion>) {
    return this.stage(p.kind).get(`${this.base(p.campaignId)}/${p.version}`);
  }

  @Post(':version/activate')
  @HttpCode(200)
  @Contract(activate)
  activate(@Param(contractPipe(activate, 'params')) p: z.infer<typeof ofVersion>) {
    return this.stage(p.kind).post(`${this.base(p.campaignId)}/${p.version}/activate`, {});
  }

  @Get(':version/shadow-report')
  @Contract(shadow)
  shadow(@Param(contractPipe(shadow, 'params')) p: z.infer<typeof ofScoringVersion>) {
    return this.scoring.get(`${this.base(p.campaignId)}/${p.version}/shadow-report`);
  }

  private base(campaignId: string): string {
    return `/internal/campaigns/${encodeURIComponent(campaignId)}/rule-sets`;
  }

  private stage(kind: RuleSetKind): ServiceGateway {
    return { scoring: this.scoring, qualification: this.qualification, routing: this.routing }[kind];
  }
}

/** JSON must be an object; YAML text is passed on for the stage to parse and check. */
function ruleSetBodyOf(req: Request): unknown {
  if (typeof req.body === 'string') return req.body;
  const parsed = ruleSetBody['application/json'].safeParse(req.body);
  if (!parsed.success) throw new BadRequestException({ code: 'validation_failed', message: 'the rule set must be a JSON object or YAML text', details: issueDetails(parsed.error, 'body') });
  return parsed.data;
}

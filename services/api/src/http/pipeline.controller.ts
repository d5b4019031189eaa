import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Contract, contractPipe, type OperationContract } from '#libs/http-api';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { PipelineRunsService } from '../pipeline/pipeline-runs.service.js';
import { campaignId, limit, passThrough } from './schemas.js';

const runNowBody = z.strictObject({ campaignId: campaignId.optional().describe('Run only this campaign') });
// A day (midnight UTC) or a date-time with a zone; the range rules (to after from, not in the future, at most
// 31 days) are checked when the backfill is asked for.
const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]).describe('ISO 8601 date (midnight UTC) or date-time with a zone, e.g. 2026-03-01 or 2026-03-01T06:00:00+01:00');
const backfillBody = z.strictObject({ from: instant.describe('First day to run'), to: instant.describe('Last day to run') });
const runView = z.looseObject({ runId: z.string(), workflowId: z.string(), trigger: z.string(), campaignId: z.string().nullable(), status: z.string(), stages: z.array(z.looseObject({ stage: z.string(), status: z.string() })) });

const runNow: OperationContract = {
  summary: 'Run the pipeline now (all active campaigns, or one); stages run back to back',
  description: 'One manual run per campaign (and one all-campaigns run) at a time: while one is running, 409 names its workflow and run.',
  body: { content: { 'application/json': runNowBody }, required: false },
  ok: { status: 202, description: 'The run has started; GET /pipeline/runs/{runId} finds it at once', schema: z.looseObject({ workflowId: z.string(), runId: z.string() }) },
  errors: [404, 409, 413, 415, 503],
};
const list: OperationContract = { summary: 'Run history with per-stage status, counts and durations', query: z.strictObject({ limit: limit(200, 20).optional() }), ok: { status: 200, description: 'Runs, newest first', schema: z.array(runView) } };
const get: OperationContract = {
  summary: 'One run with its stages',
  params: z.strictObject({ runId: z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, { error: 'must be a run id (a UUID)' }) }),
  ok: { status: 200, description: 'The run', schema: runView },
  errors: [404],
};
const backfill: OperationContract = {
  summary: 'Run the missed days between from and to, oldest first, one at a time',
  description: 'to must be after from, not in the future, and at most 31 days after from; otherwise 400 names the field.',
  body: { content: { 'application/json': backfillBody } },
  ok: { status: 202, description: 'The backfill was handed to the schedule', schema: z.looseObject({ scheduleId: z.string(), from: z.string(), to: z.string() }) },
  errors: [413, 415, 503],
};
const schedule: OperationContract = { summary: 'The daily schedule: next run times, recent runs, stage settings', ok: { status: 200, description: 'The schedule', schema: passThrough('The schedule') }, errors: [503] };

@ApiTags('pipeline')
@Controller('pipeline')
export class PipelineController {
  constructor(
    private readonly runs: PipelineRunsService,
    private readonly campaigns: CampaignsService,
  ) {}

  @Post('runs')
  @HttpCode(202)
  @Contract(runNow)
  async runNow(@Body(contractPipe(runNow, 'body')) dto: z.infer<typeof runNowBody>) {
    if (dto.campaignId) await this.campaigns.get(dto.campaignId);
    return this.runs.runNow(dto.campaignId);
  }

  @Get('runs')
  @Contract(list)
  list(@Query(contractPipe(list, 'query')) q: { limit?: number }) {
    return this.runs.list(q.limit ?? 20);
  }

  @Get('runs/:runId')
  @Contract(get)
  get(@Param(contractPipe(get, 'params')) p: { runId: string }) {
    return this.runs.get(p.runId);
  }

  @Post('backfill')
  @HttpCode(202)
  @Contract(backfill)
  backfill(@Body(contractPipe(backfill, 'body')) dto: z.infer<typeof backfillBody>) {
    return this.runs.backfill(dto.from, dto.to);
  }

  @Get('schedule')
  @Contract(schedule)
  schedule() {
    return this.runs.schedule();
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { PipelineRunsService } from '../pipeline/pipeline-runs.service.js';
import { BackfillDto, ListRunsQuery, RunNowDto } from './dto.js';

@ApiTags('pipeline')
@Controller('pipeline')
export class PipelineController {
  constructor(
    private readonly runs: PipelineRunsService,
    private readonly campaigns: CampaignsService,
  ) {}

  @Post('runs')
  @HttpCode(202)
  @ApiOperation({ summary: 'Run the pipeline now (all active campaigns, or one); stages run back to back' })
  async runNow(@Body() dto: RunNowDto) {
    if (dto.campaignId) await this.campaigns.get(dto.campaignId);
    return this.runs.runNow(dto.campaignId);
  }

  @Get('runs')
  @ApiOperation({ summary: 'Run history with per-stage status, counts and durations' })
  list(@Query() q: ListRunsQuery) {
    return this.runs.list(q.limit ?? 20);
  }

  @Get('runs/:runId')
  get(@Param('runId') runId: string) {
    return this.runs.get(runId);
  }

  @Post('backfill')
  @HttpCode(202)
  @ApiOperation({ summary: 'Run the missed days between from and to, oldest first, one at a time' })
  backfill(@Body() dto: BackfillDto) {
    return this.runs.backfill(dto.from, dto.to);
  }

  @Get('schedule')
  @ApiOperation({ summary: 'The daily schedule: next run times, recent runs, stage settings' })
  schedule() {
    return this.runs.schedule();
  }
}

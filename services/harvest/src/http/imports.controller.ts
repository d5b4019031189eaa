import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ImportJobsService } from '../imports/import-jobs.service.js';
import { HarvestError } from '../harvest-errors.js';

@Controller('internal')
export class ImportsController {
  constructor(private readonly imports: ImportJobsService) {}

  /** The raw CSV is the request body, streamed to the spool; 202 as soon as it is safely on disk. */
  @Post('campaigns/:campaignId/imports')
  @HttpCode(202)
  upload(@Param('campaignId') campaignId: string, @Query('fileName') fileName: string | undefined, @Req() req: Request) {
    return this.imports.acceptUpload(campaignId, fileName ?? 'upload.csv', req);
  }

  @Get('imports')
  list(@Query('campaignId') campaignId?: string, @Query('limit') limit = '20') {
    return this.imports.list(campaignId, clamp(limit, 100, 'limit'));
  }

  @Get('imports/:id')
  get(@Param('id') id: string) {
    return this.imports.get(id);
  }

  @Get('imports/:id/rejections')
  rejections(@Param('id') id: string, @Query('afterLine') afterLine = '0', @Query('limit') limit = '100') {
    return this.imports.rejections(id, clamp(afterLine, Number.MAX_SAFE_INTEGER, 'afterLine', 0), clamp(limit, 1000, 'limit'));
  }
}

function clamp(raw: string, max: number, field: string, min = 1): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new HarvestError('invalid_lead', `${field} must be a whole number from ${min} to ${max}`, [{ field, message: 'out of range' }]);
  return n;
}

import { Controller, Get, HttpCode, Param, Post, Query, Req, UnsupportedMediaTypeException, BadRequestException } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { HarvestGateway } from '../leads/service-gateway.js';
import { ListImportsQuery, RejectionsQuery } from './dto.js';

@ApiTags('imports')
@Controller()
export class ImportsController {
  constructor(
    private readonly harvest: HarvestGateway,
    private readonly campaigns: CampaignsService,
  ) {}

  @Post('campaigns/:campaignId/imports')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Upload a CSV of leads',
    description:
      'Send the file as the raw body (Content-Type text/csv, ?fileName=) or as multipart/form-data field "file". ' +
      'Answers 202 with the import job once the file is safely stored; poll GET /imports/{id} for counts. ' +
      'Every rejected line is listed at GET /imports/{id}/rejections.',
  })
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  async upload(@Param('campaignId') campaignId: string, @Query('fileName') fileName: string | undefined, @Req() req: Request) {
    await this.campaigns.get(campaignId);
    const type = (req.headers['content-type'] ?? '').toLowerCase();
    const path = `/internal/campaigns/${encodeURIComponent(campaignId)}/imports`;
    if (type.startsWith('multipart/form-data')) {
      const { file, name } = await firstFile(req);
      return this.harvest.stream(path, { fileName: fileName ?? name }, file);
    }
    if (type.startsWith('text/csv') || type.startsWith('text/plain') || type.startsWith('application/octet-stream') || type.startsWith('text/tab-separated-values')) {
      return this.harvest.stream(path, { fileName }, req);
    }
    throw new UnsupportedMediaTypeException({ code: 'unsupported_media_type', message: `send the CSV as text/csv or multipart/form-data, not ${type || 'no Content-Type'}`, details: [{ field: 'Content-Type', message: 'unsupported' }] });
  }

  @Get('imports')
  @ApiOperation({ summary: 'Recent import jobs' })
  list(@Query() q: ListImportsQuery) {
    return this.harvest.get('/internal/imports', { ...q });
  }

  @Get('imports/:id')
  @ApiOperation({ summary: 'An import job: status and counts (total = imported + rejected), updated while it runs' })
  get(@Param('id') id: string) {
    return this.harvest.get(`/internal/imports/${encodeURIComponent(id)}`);
  }

  @Get('imports/:id/rejections')
  @ApiOperation({ summary: 'Rejected lines of an import, with line number, field and reason' })
  rejections(@Param('id') id: string, @Query() q: RejectionsQuery) {
    return this.harvest.get(`/internal/imports/${encodeURIComponent(id)}/rejections`, { ...q });
  }
}

/** Streams the first file part of a multipart body without buffering it. */
function firstFile(req: Request): Promise<{ file: Readable; name: string }> {
  return new Promise((resolve, reject) => {
    let found = false;
    const bb = busboy({ headers: req.headers, limits: { files: 1, fields: 10 } });
    bb.on('file', (field, stream, info) => {
      if (found || field !== 'file') return void stream.resume();
      found = true;
      resolve({ file: stream, name: info.filename || 'upload.csv' });
    });
    bb.on('error', reject);
    bb.on('close', () => {
      if (!found) reject(new BadRequestException({ code: 'validation_failed', message: 'the multipart body has no "file" part', details: [{ field: 'file', message: 'missing' }] }));
    });
    req.pipe(bb);
  });
}

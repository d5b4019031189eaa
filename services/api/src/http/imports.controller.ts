import { BadRequestException, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import busboy from 'busboy';
import type { Request } from 'express';
import { PassThrough, type Readable } from 'node:stream';
import { z } from 'zod';
import { Contract, contractPipe, type OperationContract } from '#libs/http-api';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { HarvestGateway } from '../leads/service-gateway.js';
import { campaignId, importJob, limit } from './schemas.js';

const importId = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, { error: 'must be an import id (a UUID)' });
const fileName = z.string().regex(/^[^\x00-\x1F\x7F/\\.][^\x00-\x1F\x7F/\\]{0,199}$/, { error: 'must be a file name: no slashes or control characters, not starting with a dot' });
const csvBody = { type: 'string', description: 'The CSV file, sent as the raw body; an empty file makes a failed import job that says so' };

const upload: OperationContract = {
  summary: 'Upload a CSV of leads',
  description:
    'Send the file as the raw body (Content-Type text/csv, ?fileName=) or as multipart/form-data field "file". ' +
    'Answers 202 with the import job once the file is safely stored; poll GET /imports/{id} for counts. ' +
    'Every rejected line is listed at GET /imports/{id}/rejections.',
  params: z.strictObject({ campaignId }),
  query: z.strictObject({ fileName: fileName.optional().describe('Shown in the import job; multipart uploads default to the part\'s file name') }),
  body: {
    content: {
      'text/csv': csvBody,
      'text/tab-separated-values': csvBody,
      'application/octet-stream': { type: 'string', format: 'binary' },
      'multipart/form-data': { type: 'object', properties: { file: { type: 'string', format: 'binary', description: 'The CSV file' } }, required: ['file'], additionalProperties: false },
    },
    required: false,
  },
  ok: {
    status: 202,
    description: 'The import job',
    schema: importJob,
    links: {
      GetImport: { operationId: 'ImportsController_get', parameters: { id: '$response.body#/id' } },
      GetRejections: { operationId: 'ImportsController_rejections', parameters: { id: '$response.body#/id' } },
    },
  },
  errors: [404, 413, 415, 503],
};
const list: OperationContract = {
  summary: 'Recent import jobs',
  query: z.strictObject({ campaignId: campaignId.optional(), limit: limit(100, 20).optional() }),
  ok: { status: 200, description: 'Import jobs, newest first', schema: z.array(importJob) },
  errors: [503],
};
const get: OperationContract = {
  summary: 'An import job: status and counts (total = imported + rejected), updated while it runs',
  params: z.strictObject({ id: importId }),
  ok: { status: 200, description: 'The import job', schema: importJob },
  errors: [404, 503],
};
const rejections: OperationContract = {
  summary: 'Rejected lines of an import, with line number, field and reason',
  params: z.strictObject({ id: importId }),
  query: z.strictObject({ afterLine: z.int().min(0).max(2_147_483_647).default(0).optional().describe('Lines after this one'), limit: limit(1000, 100).optional() }),
  ok: { status: 200, description: 'A page of rejected lines', schema: z.array(z.looseObject({ line: z.int() })) },
  errors: [404, 503],
};

@ApiTags('imports')
@Controller()
export class ImportsController {
  constructor(
    private readonly harvest: HarvestGateway,
    private readonly campaigns: CampaignsService,
  ) {}

  @Post('campaigns/:campaignId/imports')
  @HttpCode(202)
  @Contract(upload)
  async upload(@Param(contractPipe(upload, 'params')) p: { campaignId: string }, @Query(contractPipe(upload, 'query')) q: { fileName?: string }, @Req() req: Request) {
    const type = (req.headers['content-type'] ?? '').toLowerCase();
    // Checked before anything is read: without a boundary the parts cannot be told apart.
    if (type.startsWith('multipart/form-data') && !/;\s*boundary=/.test(type)) {
      throw new BadRequestException({ code: 'validation_failed', message: 'the Content-Type header multipart/form-data has no boundary parameter', details: [{ field: 'Content-Type', message: 'multipart/form-data needs a boundary, e.g. multipart/form-data; boundary=----x' }] });
    }
    await this.campaigns.get(p.campaignId);
    const path = `/internal/campaigns/${encodeURIComponent(p.campaignId)}/imports`;
    if (type.startsWith('multipart/form-data')) {
      const part = await fileUpload(req);
      try {
        const job = await this.harvest.stream(path, { fileName: q.fileName ?? part.name }, part.file);
        await part.finished;
        return job;
      } catch (err) {
        // A refused part is why the upload was cut off; otherwise harvest's answer stands.
        throw part.refusal() ?? err;
      }
    }
    // Other media types were answered with 415 by the route gate, from the same contract.
    return this.harvest.stream(path, { fileName: q.fileName }, req);
  }

  @Get('imports')
  @Contract(list)
  list(@Query(contractPipe(list, 'query')) q: { campaignId?: string; limit?: number }) {
    return this.harvest.get('/internal/imports', { ...q });
  }

  @Get('imports/:id')
  @Contract(get)
  get(@Param(contractPipe(get, 'params')) p: { id: string }) {
    return this.harvest.get(`/internal/imports/${encodeURIComponent(p.id)}`);
  }

  @Get('imports/:id/rejections')
  @Contract(rejections)
  rejections(@Param(contractPipe(rejections, 'params')) p: { id: string }, @Query(contractPipe(rejections, 'query')) q: { afterLine?: number; limit?: number }) {
    return this.harvest.get(`/internal/imports/${encodeURIComponent(p.id)}/rejections`, { ...q });
  }
}

/**
 * Streams the "file" part of a multipart body without buffering it. The part handed on ends only once the whole
 * body is read, so any other part, even after the file, cuts the upload off (harvest then keeps no job) and
 * `finished` rejects with the 400 naming it.
 */
function fileUpload(req: Request): Promise<{ file: Readable; name: string; finished: Promise<void>; refusal: () => Error | undefined }> {
  return new Promise((resolve, reject) => {
    const file = new PassThrough();
    // Whoever reads the file sees the error as a cut-off body; the 400 itself goes out through `finished`.
    file.on('error', () => undefined);
    let found = false;
    let refused: Error | undefined;
    let settle!: (err?: Error) => void;
    const finished = new Promise<void>((ok, fail) => (settle = (err) => (err ? fail(err) : ok())));
    finished.catch(() => undefined);
    const refuse = (message: string, field: string) => {
      const err = new BadRequestException({ code: 'validation_failed', message, details: [{ field, message }] });
      if (!found) return reject(err);
      refused ??= err;
      settle(err);
      file.destroy(err);
    };
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { parts: 20 } });
    } catch (err) {
      return refuse(`the multipart body cannot be read: ${(err as Error).message}`, 'Content-Type');
    }
    bb.on('file', (field, stream, info) => {
      if (found || field !== 'file') {
        stream.resume();
        return refuse(found ? 'send one "file" part only' : `unexpected part "${field}": send only the "file" part`, field);
      }
      found = true;
      stream.pipe(file, { end: false });
      resolve({ file, name: info.filename || 'upload.csv', finished, refusal: () => refused });
    });
    bb.on('field', (field) => refuse(`unexpected field "${field}": send only the "file" part`, field));
    bb.on('partsLimit', () => refuse('the multipart body has too many parts', '(body)'));
    bb.on('error', (err: Error) => refuse(`the multipart body is malformed: ${err.message}`, '(body)'));
    bb.on('close', () => {
      if (!found) return refuse('the multipart body has no "file" part', 'file');
      file.end();
      settle();
    });
    req.pipe(bb);
  });
}

import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Contract, contractPipe, type OperationContract } from '#libs/http-api';
import type { KeyedRequest } from '../auth/api-key.guard.js';
import { NurtureGateway } from '../leads/service-gateway.js';
import { mailboxId, mailboxView } from './nurture-schemas.js';
import { label } from './schemas.js';

const ofMailbox = z.strictObject({ mailboxId });
const pauseBody = z.strictObject({ reason: label(500).describe('Why, shown with the mailbox and in its campaigns\' status') });
const resumeBody = z.strictObject({ reason: label(500).optional().describe('Why it may send again (kept in the audit trail)') });

const pause: OperationContract = {
  summary: 'Hold every send from a mailbox (its leads wait, nobody is lost)',
  description: 'A mailbox already paused keeps its first reason (paused: false). Engagement pauses a mailbox by itself when its bounce or spam-report rate over the last days crosses the threshold; the campaign status lists it with that reason.',
  params: ofMailbox,
  body: { content: { 'application/json': pauseBody } },
  ok: { status: 200, description: 'Whether this request paused it, and the mailbox', schema: z.looseObject({ paused: z.boolean(), mailbox: mailboxView }) },
  errors: [404, 413, 415, 503],
};
const resume: OperationContract = {
  summary: 'Let a paused mailbox send again (also after an automatic pause); its held steps go out at their next look',
  params: ofMailbox,
  body: { content: { 'application/json': resumeBody }, required: false },
  ok: { status: 200, description: 'Whether this request resumed it, and the mailbox', schema: z.looseObject({ resumed: z.boolean(), mailbox: mailboxView }) },
  errors: [404, 413, 415, 503],
};

/** A person pauses or resumes a sending mailbox; the nurture service holds the pause. */
@ApiTags('nurture')
@Controller('mailboxes/:mailboxId')
export class MailboxPausesController {
  constructor(private readonly nurture: NurtureGateway) {}

  @Post('pause')
  @HttpCode(200)
  @Contract(pause)
  pause(@Param(contractPipe(pause, 'params')) p: { mailboxId: string }, @Body(contractPipe(pause, 'body')) body: z.infer<typeof pauseBody>, @Req() req: KeyedRequest) {
    req.auditTarget = { action: 'pause', reason: body.reason };
    return this.nurture.post(`/internal/mailboxes/${encodeURIComponent(p.mailboxId)}/pause`, { reason: body.reason, by: by(req) });
  }

  @Post('resume')
  @HttpCode(200)
  @Contract(resume)
  resume(@Param(contractPipe(resume, 'params')) p: { mailboxId: string }, @Body(contractPipe(resume, 'body')) body: z.infer<typeof resumeBody> | undefined, @Req() req: KeyedRequest) {
    req.auditTarget = { action: 'resume', ...(body?.reason ? { reason: body.reason } : {}) };
    return this.nurture.post(`/internal/mailboxes/${encodeURIComponent(p.mailboxId)}/resume`, { by: by(req), ...(body?.reason ? { reason: body.reason } : {}) });
  }
}

const by = (req: KeyedRequest): string => (req.apiKey ? `api-key:${req.apiKey.id}` : 'api');

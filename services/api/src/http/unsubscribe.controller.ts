import { BadRequestException, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Contract, contractPipe, issueDetails, type OperationContract } from '#libs/http-api';
import { verifyUnsubscribeToken } from '#libs/nurture-templates';
import { API_CONFIG, unsubscribeSecretOf, type ApiConfig } from '../api.config.js';
import { ForwardedError, NurtureGateway } from '../leads/service-gateway.js';
import { confirmPage, donePage } from '../unsubscribe/unsubscribe-page.js';

// `<version>.<payload>.<signature>`, base64url pieces (the signed token); anything else is refused before any crypto runs.
const token = z.string().regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, { error: 'not an unsubscribe token' }).max(1024).describe('The token of the unsubscribe link');
const params = z.strictObject({ token });
// RFC 8058: the mail client posts List-Unsubscribe=One-Click; a form without it (or an empty body) is the same request.
const oneClickForm = z.object({ 'List-Unsubscribe': z.literal('One-Click').optional() });
const html = { 'text/html': { schema: { type: 'string', description: 'A short page for a person' } } };

const confirm: OperationContract = {
  summary: 'The unsubscribe link in an email: a page with a button that unsubscribes (this request changes nothing)',
  description: 'Public, no API key. Link scanners follow links, so only the POST unsubscribes.',
  access: 'public',
  params,
  ok: { status: 200, description: 'A page with an Unsubscribe button' },
  errors: [404],
};
const oneClick: OperationContract = {
  summary: 'One-click unsubscribe (RFC 8058): the address is suppressed and every sequence for it stops',
  description:
    'Public, no API key, no redirect. Mail clients post List-Unsubscribe=One-Click (urlencoded or multipart); an empty body does the same. ' +
    'Idempotent: posting again answers 200 again. Limited per client address like the web forms.',
  access: 'public',
  params,
  body: { content: { 'application/x-www-form-urlencoded': oneClickForm, 'multipart/form-data': {} }, required: false },
  ok: { status: 200, description: 'Unsubscribed (also when it already was)' },
  errors: [404, 413, 415, 429, 503],
};

/**
 * The unsubscribe link of every nurture email (List-Unsubscribe and the footer). The token is checked here
 * (signature, expiry) so a forged link reaches no service; the nurture service stores the opt-out.
 */
@ApiTags('unsubscribe')
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(
    private readonly nurture: NurtureGateway,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Get(':token')
  @ApiResponse({ status: 200, description: 'A page with an Unsubscribe button', content: html })
  @Contract(confirm)
  show(@Param(contractPipe(confirm, 'params')) p: { token: string }, @Res() res: Response) {
    this.verified(p.token);
    res.status(200).type('html').setHeader('cache-control', 'no-store').send(confirmPage());
  }

  @Post(':token')
  @HttpCode(200)
  @ApiResponse({ status: 200, description: 'Unsubscribed (also when it already was)', content: html })
  @Contract(oneClick)
  async unsubscribe(@Param(contractPipe(oneClick, 'params')) p: { token: string }, @Req() req: Request, @Res() res: Response) {
    const type = (req.headers['content-type'] ?? '').toLowerCase();
    if (type.startsWith('application/x-www-form-urlencoded')) {
      const parsed = oneClickForm.safeParse(req.body ?? {});
      if (!parsed.success) throw new BadRequestException({ code: 'validation_failed', message: 'the one-click body must be List-Unsubscribe=One-Click', details: issueDetails(parsed.error, 'body') });
    } else if (!req.readableEnded) {
      // A multipart body says nothing the token does not: drained unread.
      req.resume();
    }
    this.verified(p.token);
    try {
      await this.nurture.post('/internal/unsubscribe', { token: p.token });
    } catch (err) {
      // The enrolment is gone (or the services disagree on the secret): the link is not valid, whatever the reason.
      if (err instanceof ForwardedError && (err.status === 404 || err.status === 400)) throw invalidLink('this link no longer names a subscription');
      throw err;
    }
    res.status(200).type('html').setHeader('cache-control', 'no-store').send(donePage());
  }

  private verified(raw: string): void {
    const checked = verifyUnsubscribeToken(unsubscribeSecretOf(this.config), raw);
    if (!checked.ok) throw invalidLink(checked.reason);
  }
}

/** Names why without revealing anything: no address, no campaign, nothing of the token's contents. */
function invalidLink(reason: string): NotFoundException {
  return new NotFoundException({ code: 'unsubscribe_link_invalid', message: `this unsubscribe link is not valid: ${reason}`, details: [{ field: 'token', message: reason }] });
}

import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ENGAGEMENT_WEBHOOK_PATHS } from '#libs/contracts';
import { ENGAGEMENT_CONFIG, type EngagementConfig } from '../engagement.config.js';
import { checkParseAuth } from './parse-auth.js';
import { readParsePost } from './parse-form.js';
import { ReplyIntake } from './reply-intake.js';

/**
 * SendGrid Inbound Parse: replies to `reply+<token>@<reply domain>` arrive here as multipart/form-data. The basic
 * auth secret is checked before the body is read. 200 once the reply is stored (acted on later by the signaller, or
 * parked for a person); 401/413/415 for posts that must not come back; 503 when nurture or the database cannot be
 * reached, so SendGrid retries (it does for up to 3 days and drops the mail on any 4xx).
 */
@Controller()
export class InboundParseController {
  constructor(
    @Inject(ENGAGEMENT_CONFIG) private readonly config: EngagementConfig,
    private readonly intake: ReplyIntake,
  ) {}

  @Post(ENGAGEMENT_WEBHOOK_PATHS.inbound)
  @HttpCode(200)
  async receive(@Req() req: Request): Promise<{ received: true; duplicate: boolean; kind: string; state: string }> {
    try {
      checkParseAuth(req.headers.authorization, this.config.INBOUND_PARSE_SECRET);
    } catch (err) {
      // Drained unread, so the poster gets the answer rather than a reset connection.
      req.resume();
      throw err;
    }
    const r = await this.intake.take(await readParsePost(req));
    // The answer names no addresses or reasons: the parked list holds those for a person.
    return { received: true, duplicate: r.duplicate, kind: r.kind, state: r.state };
  }
}

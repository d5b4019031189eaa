import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { OptOuts } from './opt-outs.js';
import { objectBody } from './suppressions.controller.js';
import { SuppressionError } from './suppression-errors.js';
import { UNSUBSCRIBE_SECRET } from './unsubscribe-secret.js';
import { checkUnsubscribeToken } from './unsubscribe-token.js';

/** The event id of a one-click unsubscribe: one per enrolment, so a repeated POST has no second effect. */
export function oneClickEventId(enrolmentId: string): string {
  return `one-click/${enrolmentId}`;
}

/**
 * Internal: the API's public one-click endpoint (RFC 8058) forwards the token here. The address is suppressed
 * and every sequence for it stops (OptOuts); answered once the opt-out is stored, whatever Temporal says.
 */
@Controller('internal/unsubscribe')
export class UnsubscribeController {
  constructor(
    private readonly optOuts: OptOuts,
    @Inject(UNSUBSCRIBE_SECRET) private readonly secret: string,
  ) {}

  @Post()
  @HttpCode(200)
  async unsubscribe(@Body() body: unknown): Promise<{ unsubscribed: true; already: boolean }> {
    const b = objectBody(body, ['token']);
    const token = checkUnsubscribeToken(this.secret, b.token);
    if (!token.ok) throw new SuppressionError('unsubscribe_token_invalid', `the unsubscribe link is not valid: ${token.reason}`, [{ field: 'token', message: token.reason }]);
    const result = await this.optOuts.applyAndReport(
      { enrolmentId: token.enrolmentId, kind: 'unsubscribe', eventId: oneClickEventId(token.enrolmentId), at: new Date().toISOString() },
      token.email,
    );
    return { unsubscribed: true, already: !result.suppressed && result.stopped === 0 };
  }
}

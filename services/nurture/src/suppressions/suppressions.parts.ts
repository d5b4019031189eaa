import type { Provider, Type } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/activity';
import type { OptOutInput } from '#libs/contracts';
import { OptOuts } from './opt-outs.js';
import { SuppressionError } from './suppression-errors.js';
import { SuppressionList } from './suppression-list.js';
import { SuppressionsController } from './suppressions.controller.js';
import { DEVELOPMENT_UNSUBSCRIBE_SECRET, UNSUBSCRIBE_SECRET } from './unsubscribe-secret.js';
import { UnsubscribeController } from './unsubscribe.controller.js';

/** The suppression list, opt-outs and the one-click unsubscribe, as the nurture module registers them. */
export const suppressionControllers: Array<Type<unknown>> = [SuppressionsController, UnsubscribeController];

/** `config`: the nurture service's config; UNSUBSCRIBE_SECRET comes with the sender's settings (sending.config.ts). */
export function suppressionProviders(ctx: { config: object }): Provider[] {
  const configured = (ctx.config as { UNSUBSCRIBE_SECRET?: unknown }).UNSUBSCRIBE_SECRET;
  return [
    SuppressionList,
    OptOuts,
    // The sender signs with the same secret (nurture config); the API checks with it.
    { provide: UNSUBSCRIBE_SECRET, useValue: typeof configured === 'string' ? configured : (process.env.UNSUBSCRIBE_SECRET ?? DEVELOPMENT_UNSUBSCRIBE_SECRET) },
  ];
}

/** The `applyOptOut` activity: an unknown enrolment fails for good; a workflow not yet told is retried. */
export function applyOptOutActivity(optOuts: OptOuts): (input: OptOutInput) => Promise<void> {
  return async (input) => {
    try {
      await optOuts.apply(input);
    } catch (err) {
      if (err instanceof SuppressionError) throw ApplicationFailure.nonRetryable(err.message, err.code);
      throw err;
    }
  };
}

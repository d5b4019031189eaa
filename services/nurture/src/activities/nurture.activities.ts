import type { INestApplicationContext } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/activity';
import type { NurtureActivities } from '#libs/contracts';

/** Until a part of the service lands, its activity fails for good with a clear word (never a silent no-op). */
function notYet(name: string): () => never {
  return () => {
    throw ApplicationFailure.nonRetryable(`nurture: ${name} is not available in this build`, 'NotImplemented');
  };
}

/**
 * The nurture service's activities on TaskQueue.nurture. Thin: each hands over to the Nest provider that holds
 * its logic (one line per activity).
 */
export function createNurtureActivities(app: INestApplicationContext): NurtureActivities {
  void app;
  return {
    admitEnrolments: notYet('admitEnrolments'),
    planStep: notYet('planStep'),
    sendStep: notYet('sendStep'),
    recordProgress: notYet('recordProgress'),
    applyOptOut: notYet('applyOptOut'),
  };
}

import type { INestApplicationContext } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/activity';
import type { NurtureActivities } from '#libs/contracts';
import { StageCallError } from '#libs/stage-clients';
import { EnrolmentAdmission } from '../admission/enrolment-admission.js';
import { EnrolmentProgress } from '../enrolments/enrolment-progress.js';
import { NurtureError } from '../nurture-errors.js';
import { StepPlanner } from '../plans/step-planner.js';
import { OptOuts } from '../suppressions/opt-outs.js';
import { applyOptOutActivity } from '../suppressions/suppressions.parts.js';
import { sendStepActivity } from '../sending/sending.parts.js';
import { StepSender } from '../sending/step-sender.js';

/** Until a part of the service lands, its activity fails for good with a clear word (never a silent no-op). */
function notYet(name: string): () => never {
  return () => {
    throw ApplicationFailure.nonRetryable(`nurture: ${name} is not available in this build`, 'NotImplemented');
  };
}

/**
 * The nurture service's activities on TaskQueue.nurture. Thin: each hands over to the Nest provider that holds
 * its logic (one line per activity); a refused input fails for good, anything else is retried by Temporal.
 */
export function createNurtureActivities(app: INestApplicationContext): NurtureActivities {
  const admission = app.get(EnrolmentAdmission);
  const planner = app.get(StepPlanner);
  const progress = app.get(EnrolmentProgress);
  return {
    admitEnrolments: (input) => permanentIfRefused(() => admission.admit(input)),
    planStep: (input) => permanentIfRefused(() => planner.plan(input)),
    sendStep: sendStepActivity(app.get(StepSender)),
    recordProgress: (input) => permanentIfRefused(async () => void (await progress.record(input))),
    applyOptOut: applyOptOutActivity(app.get(OptOuts)),
  };
}

/**
 * A refused input, or another service refusing our request (4xx), will be refused again: fail at once. Timeouts,
 * rate limits, 5xx, unreachable services and database errors stay retryable.
 */
export async function permanentIfRefused<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof NurtureError) throw ApplicationFailure.nonRetryable(err.message, err.code, err.details);
    if (err instanceof StageCallError && err.status !== null && err.status >= 400 && err.status < 500 && err.status !== 408 && err.status !== 429) {
      throw ApplicationFailure.nonRetryable(err.message, 'StageCallRefused');
    }
    throw err;
  }
}

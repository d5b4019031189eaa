import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { leadNurtureWorkflow, nurtureControlSignal, nurtureWorkflowId, type NurtureControl } from '#libs/contracts';
import type { Logger } from '#libs/logging';
import { LazyTemporalClient, workflowHandle } from '#libs/temporal';
import { NURTURE_CONFIG, type NurtureConfig } from '../nurture.config.js';
import { NURTURE_LOGGER } from '../nurture-logger.js';
import { signalEach, type FanoutResult } from './signal-fanout.js';

/**
 * Tells enrolment workflows about a campaign control (pause, resume, stop). The client connects on first use, so
 * the internal routes answer while Temporal is still coming up; a failed signal is retried, then reported.
 */
@Injectable()
export class EnrolmentSignals implements OnApplicationShutdown {
  private readonly temporal: LazyTemporalClient;

  constructor(
    @Inject(NURTURE_CONFIG) private readonly config: NurtureConfig,
    @Inject(NURTURE_LOGGER) private readonly log: Logger,
  ) {
    this.temporal = new LazyTemporalClient({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE }, (err) =>
      log.warn({ err: String(err) }, 'nurture: cannot reach Temporal to signal enrolments'),
    );
  }

  async control(campaignId: string, leadIds: readonly string[], control: NurtureControl): Promise<FanoutResult> {
    const ids = leadIds.map((leadId) => nurtureWorkflowId(campaignId, leadId));
    const result = await signalEach(
      ids,
      async (workflowId) => {
        const client = await this.temporal.get();
        try {
          await workflowHandle(client, leadNurtureWorkflow, workflowId).signal(nurtureControlSignal, control);
          return 'signalled';
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) return 'not-running';
          throw err;
        }
      },
      { concurrency: this.config.NURTURE_SIGNAL_CONCURRENCY, attempts: this.config.NURTURE_SIGNAL_ATTEMPTS, backoffMs: 250 },
    );
    if (result.failed.length > 0) {
      this.log.warn({ campaignId, action: control.action, failed: result.failed.length, first: result.failed.slice(0, 5) }, 'nurture: some enrolments were not told of a campaign control');
    }
    return result;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.temporal.close();
  }
}

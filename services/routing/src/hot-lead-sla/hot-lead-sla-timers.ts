import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { defineSearchAttributeKey } from '@temporalio/common';
import {
  SearchAttribute,
  hotLeadSlaWorkflow,
  hotLeadSlaWorkflowId,
  leadTouchedSignal,
  type HotLeadSlaInput,
  type LeadTouch,
} from '#libs/contracts';
import type { Logger } from '#libs/logging';
import { LazyTemporalClient, startWorkflow, workflowHandle } from '#libs/temporal';
import { ROUTING_CONFIG, type RoutingConfig } from '../routing.config.js';
import { ROUTING_LOGGER } from '../routing-logger.js';
import { forEachConcurrently } from './concurrently.js';

const campaignKey = defineSearchAttributeKey(SearchAttribute.CampaignId.name, 'KEYWORD');
const leadKey = defineSearchAttributeKey(SearchAttribute.LeadId.name, 'KEYWORD');
const tierKey = defineSearchAttributeKey(SearchAttribute.Tier.name, 'KEYWORD');

/**
 * The hot-lead SLA timers in Temporal: one `hotLeadSla` workflow per enrolled hot lead, started after its route
 * is committed, and told when the owner touches the lead. The client connects on first use, so the internal
 * routes answer even while Temporal is still coming up.
 */
@Injectable()
export class HotLeadSlaTimers implements OnApplicationShutdown {
  private readonly temporal: LazyTemporalClient;

  constructor(
    @Inject(ROUTING_CONFIG) private readonly config: RoutingConfig,
    @Inject(ROUTING_LOGGER) log: Logger,
  ) {
    this.temporal = new LazyTemporalClient({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE }, (err) =>
      log.warn({ err: String(err) }, 'routing: cannot reach Temporal for hot-lead SLA timers'),
    );
  }

  /**
   * Starts one timer per input. Starting is idempotent: a running timer for the lead is kept (USE_EXISTING), a
   * finished one is not started again (REJECT_DUPLICATE), so a retried page never doubles a timer.
   */
  async start(inputs: readonly HotLeadSlaInput[], onEach: () => void = () => undefined): Promise<void> {
    if (inputs.length === 0) return;
    const client = await this.temporal.get();
    await forEachConcurrently(inputs, this.config.ROUTING_SLA_START_CONCURRENCY, async (input) => {
      try {
        await startWorkflow(client, hotLeadSlaWorkflow, {
          workflowId: hotLeadSlaWorkflowId(input.campaignId, input.leadId),
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          typedSearchAttributes: [
            { key: campaignKey, value: input.campaignId },
            { key: leadKey, value: input.leadId },
            { key: tierKey, value: 'hot' },
          ],
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      onEach();
    });
  }

  /** Tells a running SLA timer the owner touched the lead; false when none is running (finished or never started). */
  async touched(campaignId: string, leadId: string, touch: LeadTouch): Promise<boolean> {
    const client = await this.temporal.get();
    try {
      await workflowHandle(client, hotLeadSlaWorkflow, hotLeadSlaWorkflowId(campaignId, leadId)).signal(leadTouchedSignal, touch);
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.temporal.close();
  }
}

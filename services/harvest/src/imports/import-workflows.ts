import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { defineSearchAttributeKey } from '@temporalio/common';
import { SearchAttribute, leadImportWorkflow, leadImportWorkflowId, type LeadImportInput } from '#libs/contracts';
import type { Logger } from '#libs/logging';
import { LazyTemporalClient, startWorkflow } from '#libs/temporal';
import { HARVEST_CONFIG, type HarvestConfig } from '../harvest.config.js';
import { HARVEST_LOGGER } from '../harvest-logger.js';

const campaignKey = defineSearchAttributeKey(SearchAttribute.CampaignId.name, 'KEYWORD');

/** `running`: started now or already running; `closed`: a workflow for the job has already finished. */
export type ImportWorkflowState = 'running' | 'closed';

/**
 * Starts the `leadImport` workflow of an import job. The client connects on first use, so the HTTP routes
 * answer even while Temporal is still coming up.
 */
@Injectable()
export class ImportWorkflows implements OnApplicationShutdown {
  private readonly temporal: LazyTemporalClient;

  constructor(
    @Inject(HARVEST_CONFIG) config: HarvestConfig,
    @Inject(HARVEST_LOGGER) log: Logger,
  ) {
    this.temporal = new LazyTemporalClient({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE }, (err) =>
      log.warn({ err: String(err) }, 'harvest: cannot reach Temporal to start imports'),
    );
  }

  /**
   * Idempotent: a running workflow for the job is kept (USE_EXISTING) and a finished one is not started again
   * (REJECT_DUPLICATE), so a double submit or a second replica's takeover starts exactly one.
   */
  async start(input: LeadImportInput): Promise<ImportWorkflowState> {
    const client = await this.temporal.get();
    const workflowId = leadImportWorkflowId(input.campaignId, input.jobId);
    try {
      await startWorkflow(client, leadImportWorkflow, {
        workflowId,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [{ key: campaignKey, value: input.campaignId }],
      });
      return 'running';
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return 'closed';
      throw err;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.temporal.close();
  }
}

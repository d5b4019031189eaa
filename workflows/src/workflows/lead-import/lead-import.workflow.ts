import { ActivityCancellationType, CancellationScope, isCancellation, proxyActivities } from '@temporalio/workflow';
import { TaskQueue, type ImportActivities, type LeadImportInput, type LeadImportReport } from '#libs/contracts';

const importer = proxyActivities<ImportActivities>({
  taskQueue: TaskQueue.harvest,
  // A harvest process killed mid-file stops heartbeating; the next attempt starts within half a minute and
  // resumes from the job's committed line.
  heartbeatTimeout: '30 seconds',
  startToCloseTimeout: '12 hours',
  // On cancel, wait for the activity to stop writing before the job is marked failed.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 20 },
});

const cleanup = proxyActivities<ImportActivities>({
  taskQueue: TaskQueue.harvest,
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * One spooled CSV file imported into leads. The activity does the work and keeps its position in the import
 * job row, atomically with each batch, so any retry carries on where the last committed batch ended. If it can
 * never finish (retries exhausted, or an operator cancels the workflow), the job is closed as failed and its
 * file removed: an import never stays `running` with nobody working on it.
 */
export async function leadImport(input: LeadImportInput): Promise<LeadImportReport> {
  try {
    return await importer.importLeadFile(input);
  } catch (err) {
    const reason = isCancellation(err) ? 'the import was cancelled' : `the import gave up after repeated failures: ${causeOf(err)}`;
    return CancellationScope.nonCancellable(() => cleanup.abandonLeadImport({ ...input, reason }));
  }
}

function causeOf(err: unknown): string {
  const e = err as { cause?: { message?: string }; message?: string };
  return e.cause?.message ?? e.message ?? String(err);
}

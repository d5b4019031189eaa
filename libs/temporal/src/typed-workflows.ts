import type { Client, ScheduleOptionsStartWorkflowAction, WorkflowHandle, WorkflowHandleWithFirstExecutionRunId, WorkflowStartOptions } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import type { WorkflowRef } from '#libs/contracts';

/**
 * Starting, finding and scheduling workflows by their contract (libs/contracts' WorkflowRef): the type name and
 * task queue come from the contract, and args and results are typed by the workflow's signature.
 */

export function startWorkflow<W extends Workflow>(
  client: Client,
  ref: WorkflowRef<W>,
  options: Omit<WorkflowStartOptions<W>, 'taskQueue'>,
): Promise<WorkflowHandleWithFirstExecutionRunId<W>> {
  return client.workflow.start<W>(ref.workflowType, { ...options, taskQueue: ref.taskQueue } as WorkflowStartOptions<W>);
}

/** A handle to a workflow the caller knows the type of: result(), signal() and query() are typed. */
export function workflowHandle<W extends Workflow>(client: Client, _ref: WorkflowRef<W>, workflowId: string, runId?: string): WorkflowHandle<W> {
  return client.workflow.getHandle<W>(workflowId, runId);
}

/** A schedule's "start this workflow" action, with typed args. */
export function scheduledStart<W extends Workflow>(
  ref: WorkflowRef<W>,
  action: Omit<ScheduleOptionsStartWorkflowAction<W>, 'type' | 'workflowType' | 'taskQueue'>,
): ScheduleOptionsStartWorkflowAction<W> {
  return { ...action, type: 'startWorkflow', workflowType: ref.workflowType, taskQueue: ref.taskQueue } as ScheduleOptionsStartWorkflowAction<W>;
}

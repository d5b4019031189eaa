import type { Workflow } from '@temporalio/common';
import { TaskQueue } from './task-queues.js';

/**
 * A workflow as its callers see it: the type name the worker registers it under, the task queue that worker
 * polls and, in the type only, its signature. Services start, schedule and look up workflows through these
 * (libs/temporal's startWorkflow, workflowHandle, scheduledStart), so a wrong argument is a compile error and no
 * service imports workflow code. workflows/src/workflows/workflow-refs.spec.ts checks each one against the
 * implementation it names.
 */
export interface WorkflowRef<W extends Workflow> {
  readonly workflowType: string;
  readonly taskQueue: TaskQueue;
  /** Never set: carries the workflow's signature for the type checker. */
  readonly signature?: W;
}

export function defineWorkflow<W extends Workflow>(workflowType: string, taskQueue: TaskQueue = TaskQueue.workflows): WorkflowRef<W> {
  return { workflowType, taskQueue };
}

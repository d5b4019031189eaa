import type { Workflow } from '@temporalio/common';
import { dailyPipelineWorkflow, hotLeadSlaWorkflow, leadImportWorkflow, leadNurtureWorkflow, type WorkflowRef } from '#libs/contracts';
import * as registered from './index.js';

/** Pairs a contract with its implementation; the type checker rejects an implementation whose signature differs. */
const implementedBy = <W extends Workflow>(ref: WorkflowRef<W>, workflow: W) => ({ ref, workflow });

const contracts = [
  implementedBy(dailyPipelineWorkflow, registered.dailyPipeline),
  implementedBy(hotLeadSlaWorkflow, registered.hotLeadSla),
  implementedBy(leadImportWorkflow, registered.leadImport),
  implementedBy(leadNurtureWorkflow, registered.leadNurture),
];

describe('workflow contracts', () => {
  it.each(contracts.map((c) => [c.ref.workflowType, c] as const))('%s is the type name the worker registers its implementation under', (_, { ref, workflow }) => {
    expect((registered as Record<string, unknown>)[ref.workflowType]).toBe(workflow);
  });
});

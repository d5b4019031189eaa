// The bench worker's workflow entry: the real leadNurture, and the baseline it is compared with.
export { leadNurture } from '../../../workflows/src/workflows/lead-nurture/lead-nurture.workflow.js';

/** Does nothing: its rate is what the server and the worker cost for a workflow with no work in it. */
export async function benchEmptyWorkflow(): Promise<void> {}

// The workflow bundle's entry: every workflow type the worker registers.
export { dailyPipeline } from './daily-pipeline/daily-pipeline.workflow.js';
export { hotLeadSla } from './hot-lead-sla/hot-lead-sla.workflow.js';
export { leadImport } from './lead-import/lead-import.workflow.js';
export { leadNurture } from './lead-nurture/lead-nurture.workflow.js';

// The workflow bundle's entry: every workflow type the worker registers.
export { dailyPipeline } from './daily-pipeline/daily-pipeline.workflow.js';

// Workflow-safe: nothing here may import Node or framework code.
export * from './task-queues.js';
export * from './search-attributes.js';
export * from './pipeline.js';
export * from './harvest.js';
export * from './campaigns.js';
export * from './stages.js';
export * from './stage-data.js';
export * from './workflow-ref.js';
export * from './imports.js';
export * from './send-calendar.js';
export * from './nurture.js';
export * from './nurture-definitions.js';
export * from './enrolled-routes.js';
export * from './engagement.js';

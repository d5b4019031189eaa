export * from './boot.js';
export * from './paged-stage.js';
export * from './stage-activity.js';
export * from './stage-rule-sets.js';
export * from './stage-service.js';
export * from './stage-config.js';
export * from './service-guard.js';

export * from './boot.js';
export * from './paged-stage.js';
export * from './stage-service.js';

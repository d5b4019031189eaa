export * from './boot.js';
export * from './paged-stage.js';

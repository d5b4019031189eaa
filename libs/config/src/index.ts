export * from './env.js';
export * from './pipeline-config.js';

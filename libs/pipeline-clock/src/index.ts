export * from './stage-start.js';

export * from './api-error.js';
export * from './api-exception.filter.js';
export * from './contract.js';
export * from './route-gate.js';

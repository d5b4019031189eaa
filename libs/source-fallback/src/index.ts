// Pure source-health rules for the harvest stage: no I/O, no clock reads (time is passed in as epoch ms).
export * from './circuit-breaker.js';
export * from './retry-budget.js';
export * from './retry-after.js';
export * from './rate-budget.js';
export * from './fallback-chain.js';

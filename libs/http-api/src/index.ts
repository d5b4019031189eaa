export * from './api-error.js';
export * from './api-exception.filter.js';
export * from './contract.js';
export * from './route-gate.js';
export * from './address-rate-limit.js';
export * from './host-allowlist.js';
export * from './internal-token.js';
export * from './security-headers.js';

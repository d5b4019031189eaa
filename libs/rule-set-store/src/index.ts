// Node-only: versioned, validated rule sets stored in a stage service's own schema, and their internal routes.
export * from './rule-set-table.js';
export * from './rule-set-error.js';
export * from './rule-set-store.js';
export * from './rule-set.controller.js';
export * from './refused-versions.js';

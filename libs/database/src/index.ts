export * from './service-schema.js';
export * from './migrate.js';

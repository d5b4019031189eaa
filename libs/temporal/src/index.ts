export * from './connection.js';
export * from './search-attributes.js';
export * from './pipeline-schedule.js';
export * from './typed-workflows.js';

export * from './health-server.js';
export * from './health.controller.js';

// Node-only: typed calls to other stage services' internal routes (libs/contracts/src/stage-data.ts).
export * from './stage-http.js';
export * from './stage-clients.js';
export * from './engagement-clients.js';

export * from './api-key.js';
export * from './api-key-store.js';
export * from './token-bucket.js';

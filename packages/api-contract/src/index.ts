/** @csms-console/api-contract: the BFF's HTTP API as zod schemas, shared by the web app and the BFF. */
export * from './common.js';
export * from './session.js';
export * from './accounts.js';
export * from './secrets.js';
export * from './audit.js';
export * from './routes.js';
export * from './expiry-rules.js';
export * from './expiry-bucket.js';
export * from './fleet.js';
export * from './batches.js';
export * from './notify.js';

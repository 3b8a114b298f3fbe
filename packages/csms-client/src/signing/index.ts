export * from './canonical-request.js';
export * from './sign.js';
export { WORKED_EXAMPLES } from './vectors.js';

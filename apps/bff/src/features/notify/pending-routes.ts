/**
 * TEMPORARY (branch i-config only): the engine's routes (channel test, delivery log, evaluate) answer 503 until
 * the evaluation and delivery queue land, so `mountRoutes` finds a handler for every inventory name. Delete
 * this file, and its entry in app.ts, when merging the engine's router.
 */
import { AppError } from '../../errors.js';
import type { RouteHandlers } from '../../http/mount-routes.js';

const pending = () => {
  throw new AppError(503, 'internal_error', 'Not available yet.');
};

export const pendingNotifyRoutes: RouteHandlers<
  'testChannel' | 'notifyDeliveries' | 'notifyDelivery' | 'notifyEvaluate'
> = {
  testChannel: pending,
  notifyDeliveries: pending,
  notifyDelivery: pending,
  notifyEvaluate: pending,
};

/**
 * The delivery log's routes (issue 14): the log and one delivery with its events (every role), a channel's
 * test send (admin; audited as notify.channel_test, outcome `ok` and the send's status in the details; 200 even
 * when the send failed: the delivery says why),
 * whether the scheduled evaluation is alive (every role: the last one, the last good one, the next slot),
 * and "evaluate now" (admin; queued, 202). Thin: parse, call the engine, answer.
 */
import { DeliveryQuerySchema, NotifyIdPathSchema } from '@csms-console/api-contract';
import { AppError } from '../../errors.js';
import { auditActor } from '../../http/context.js';
import type { RouteHandlers } from '../../http/mount-routes.js';
import { noQuery, parseInput } from '../../http/parse-input.js';
import type { AuditStore } from '../../store/types.js';
import type { NotifyEngine } from './notify-engine.js';

export function deliveriesRouter(
  engine: NotifyEngine,
  audit: AuditStore,
): RouteHandlers<'testChannel' | 'notifyDeliveries' | 'notifyDelivery' | 'notifyStatus' | 'notifyEvaluate'> {
  return {
    async notifyDeliveries(req, res) {
      res.json(await engine.deliveries.list(parseInput(DeliveryQuerySchema, req.query, 'query')));
    },
    async notifyDelivery(req, res) {
      const { id } = parseInput(NotifyIdPathSchema, req.params, 'params');
      noQuery(req.query);
      const detail = await engine.deliveries.get(id);
      if (!detail) throw new AppError(404, 'delivery_not_found', 'No such delivery.');
      res.json(detail);
    },
    async testChannel(req, res) {
      const { id } = parseInput(NotifyIdPathSchema, req.params, 'params');
      noQuery(req.query);
      const delivery = await engine.deliveries.test(id);
      if (!delivery) throw new AppError(404, 'channel_not_found', 'No such channel.');
      await audit.append({
        action: 'notify.channel_test',
        // `ok`: the test was made; whether it was sent is `details.status`. `success`/`failure` are the
        // outcome rows of expiry changes, which the audit page shows only through their intent.
        outcome: 'ok',
        ...auditActor(req, res),
        details: {
          channel_id: id,
          delivery_id: delivery.id,
          status: delivery.status,
          ...(delivery.error && { error_code: delivery.error.code }),
        },
      });
      res.json({ delivery });
    },
    async notifyStatus(req, res) {
      noQuery(req.query);
      res.json(await engine.status());
    },
    async notifyEvaluate(req, res) {
      noQuery(req.query);
      await engine.requestEvaluation();
      res.status(202).json({ queued: true });
    },
  };
}

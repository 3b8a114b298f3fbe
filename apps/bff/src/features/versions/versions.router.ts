/** `PUT .../versions/:version`: change one version's expiry; the service audits, then forwards. Thin. */
import { UpdateExpiryInputSchema, VersionPathSchema } from '@csms-console/api-contract';
import { auditActor, currentUser } from '../../http/context.js';
import type { RouteHandlers } from '../../http/mount-routes.js';
import { noQuery, parseInput } from '../../http/parse-input.js';
import type { VersionsService } from './versions.service.js';

export function versionsRouter(service: VersionsService): RouteHandlers<'updateExpiry'> {
  return {
    async updateExpiry(req, res) {
      const path = parseInput(VersionPathSchema, req.params, 'params');
      noQuery(req.query);
      const body = parseInput(UpdateExpiryInputSchema, req.body ?? {}, 'body');
      const { actor, session_hash, client_ip, user_agent, request_id } = auditActor(req, res);
      const ctx = {
        user: currentUser(res),
        audit: { actor, session_hash, client_ip, user_agent, request_id },
        signal: res.locals.ctx.signal,
      };
      res.json(await service.updateExpiry(ctx, path, body));
    },
  };
}

/** `GET /api/accounts/:account/expiry`: the fleet expiry view from the scan cache. Thin. */
import { AccountPathSchema, ExpiryQuerySchema } from '@csms-console/api-contract';
import type { RouteHandlers } from '../../http/mount-routes.js';
import { parseInput } from '../../http/parse-input.js';
import type { FleetService } from './fleet.service.js';

export function fleetRouter(service: FleetService): RouteHandlers<'expiry'> {
  return {
    async expiry(req, res) {
      const { account } = parseInput(AccountPathSchema, req.params, 'params');
      const { within = 'all' } = parseInput(ExpiryQuerySchema, req.query, 'query');
      res.json(await service.expiry(account, within));
    },
  };
}

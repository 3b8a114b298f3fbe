/** `GET /api/accounts`: the CSMS accounts this BFF holds credentials for (names only, never a key). */
import type { RouteHandlers } from '../../http/mount-routes.js';
import { noQuery } from '../../http/parse-input.js';
import type { Upstream } from '../../upstream/types.js';

export function accountsRouter(upstream: Pick<Upstream, 'accounts'>): RouteHandlers<'accounts'> {
  return {
    accounts(req, res) {
      noQuery(req.query);
      res.json({ accounts: upstream.accounts() });
    },
  };
}

/** Reading secrets: one page of an account's secrets, and one secret with its versions. Thin. */
import { AccountPathSchema, SecretListQuerySchema, SecretPathSchema } from '@csms-console/api-contract';
import type { RouteHandlers } from '../../http/mount-routes.js';
import { noQuery, parseInput } from '../../http/parse-input.js';
import type { Upstream } from '../../upstream/types.js';
import type { SecretsService } from './secrets.service.js';

export function secretsRouter(
  service: SecretsService,
  upstream: Pick<Upstream, 'assertAccount'>,
): RouteHandlers<'secrets' | 'secret'> {
  return {
    async secrets(req, res) {
      const { account } = parseInput(AccountPathSchema, req.params, 'params');
      const query = parseInput(SecretListQuerySchema, req.query, 'query');
      upstream.assertAccount(account);
      res.json(await service.list(account, query, res.locals.ctx.signal));
    },
    async secret(req, res) {
      const { account, secret } = parseInput(SecretPathSchema, req.params, 'params');
      noQuery(req.query);
      upstream.assertAccount(account);
      res.json(await service.detail(account, secret, res.locals.ctx.signal));
    },
  };
}

/** The expiry-batch routes (issue 11 item 2): parse, call the service, answer. Thin. */
import {
  BatchPathSchema,
  CreateBatchInputSchema,
  CreateBatchQuerySchema,
  RetryBatchInputSchema,
} from '@csms-console/api-contract';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AccountNameSchema } from '@csms-console/api-contract';
import { auditActor, currentUser } from '../../http/context.js';
import type { RouteHandlers } from '../../http/mount-routes.js';
import { noQuery, parseInput } from '../../http/parse-input.js';
import type { WriteContext } from '../versions/versions.service.js';
import type { BatchesService } from './batches.service.js';

const AccountPathSchema = z.strictObject({ account: AccountNameSchema });

function writeContext(req: Request, res: Response): WriteContext {
  const { actor, session_hash, client_ip, user_agent, request_id } = auditActor(req, res);
  return {
    user: currentUser(res),
    audit: { actor, session_hash, client_ip, user_agent, request_id },
    signal: res.locals.ctx.signal,
  };
}

export function batchesRouter(
  service: BatchesService,
): RouteHandlers<'createBatch' | 'batch' | 'retryBatch'> {
  return {
    async createBatch(req, res) {
      const { account } = parseInput(AccountPathSchema, req.params, 'params');
      const query = parseInput(CreateBatchQuerySchema, req.query, 'query');
      const body = parseInput(CreateBatchInputSchema, req.body ?? {}, 'body');
      const ctx = writeContext(req, res);
      if (query.dry_run) {
        res.json(await service.dryRun(ctx, account, body));
        return;
      }
      res.status(202).json(await service.create(ctx, account, body));
    },
    async batch(req, res) {
      const path = parseInput(BatchPathSchema, req.params, 'params');
      noQuery(req.query);
      res.json(await service.get({ user: currentUser(res) }, path));
    },
    async retryBatch(req, res) {
      const path = parseInput(BatchPathSchema, req.params, 'params');
      noQuery(req.query);
      const body = parseInput(RetryBatchInputSchema, req.body ?? {}, 'body');
      res.status(202).json(await service.retry(writeContext(req, res), path, body));
    },
  };
}

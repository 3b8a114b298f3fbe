/** The rules and channels routes of advance warnings (issue 14): parse, call the service, answer. Thin. */
import { ChannelInputSchema, NotifyIdPathSchema, RuleInputSchema } from '@csms-console/api-contract';
import type { Request, Response } from 'express';
import { auditActor, currentUser } from '../../http/context.js';
import type { RouteHandlers } from '../../http/mount-routes.js';
import { noQuery, parseInput } from '../../http/parse-input.js';
import type { NotifyConfigService, NotifyWriteContext } from './notify-config.service.js';

function writeContext(req: Request, res: Response): NotifyWriteContext {
  const { actor, session_hash, client_ip, user_agent, request_id } = auditActor(req, res);
  return { user: currentUser(res), audit: { actor, session_hash, client_ip, user_agent, request_id } };
}

export function notifyConfigRouter(
  service: NotifyConfigService,
): RouteHandlers<
  | 'notifyRules'
  | 'createRule'
  | 'updateRule'
  | 'deleteRule'
  | 'notifyChannels'
  | 'createChannel'
  | 'updateChannel'
  | 'deleteChannel'
> {
  const id = (req: Request) => parseInput(NotifyIdPathSchema, req.params, 'params').id;
  return {
    async notifyRules(req, res) {
      noQuery(req.query);
      res.json(await service.listRules());
    },
    async createRule(req, res) {
      noQuery(req.query);
      const body = parseInput(RuleInputSchema, req.body ?? {}, 'body');
      res.status(201).json(await service.createRule(writeContext(req, res), body));
    },
    async updateRule(req, res) {
      const ruleId = id(req);
      noQuery(req.query);
      const body = parseInput(RuleInputSchema, req.body ?? {}, 'body');
      res.json(await service.updateRule(writeContext(req, res), ruleId, body));
    },
    async deleteRule(req, res) {
      const ruleId = id(req);
      noQuery(req.query);
      await service.deleteRule(writeContext(req, res), ruleId);
      res.status(204).end();
    },
    async notifyChannels(req, res) {
      noQuery(req.query);
      res.json(await service.listChannels());
    },
    async createChannel(req, res) {
      noQuery(req.query);
      const body = parseInput(ChannelInputSchema, req.body ?? {}, 'body');
      res.status(201).json(await service.createChannel(writeContext(req, res), body));
    },
    async updateChannel(req, res) {
      const channelId = id(req);
      noQuery(req.query);
      const body = parseInput(ChannelInputSchema, req.body ?? {}, 'body');
      res.json(await service.updateChannel(writeContext(req, res), channelId, body));
    },
    async deleteChannel(req, res) {
      const channelId = id(req);
      noQuery(req.query);
      await service.deleteChannel(writeContext(req, res), channelId);
      res.status(204).end();
    },
  };
}

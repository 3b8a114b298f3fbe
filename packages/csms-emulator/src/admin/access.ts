/** Admin: faults, the request log, credentials and IAM users. */
import { z } from 'zod';
import { generateCredential, generateIamUser } from '../auth/identity.js';
import { ok } from '../routes/context.js';
import type { AccessKeyCredential, IamUser } from '../store/model.js';
import { AdminError, noContent, parseAdmin, type AdminRoute } from './context.js';

const actions = z.array(z.string().min(1)).optional();

const CredentialBody = z.object({
  access_key: z
    .string()
    .regex(/^[A-Za-z0-9]{1,128}$/)
    .optional(),
  secret_key: z.string().min(1).max(256).optional(),
  security_token: z.string().min(1).optional(),
  actions,
});

const UserBody = z.object({
  user: z.string().min(1).max(64),
  password: z.string().min(1),
  domain: z.string().min(1).max(64).optional(),
  actions,
});

const LogQuery = z.object({
  operation: z.string().optional(),
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).optional(),
});

const credentialView = (c: AccessKeyCredential) => ({
  access_key: c.accessKey,
  secret_key: c.secretKey,
  ...(c.securityToken !== undefined ? { security_token: c.securityToken } : {}),
  ...(c.actions !== undefined ? { actions: c.actions } : {}),
});

const userView = (u: IamUser) => ({
  domain: u.domain,
  user: u.user,
  ...(u.actions !== undefined ? { actions: u.actions } : {}),
});

export const accessRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/__admin/faults',
    summary: 'List injected faults (with how often each fired).',
    handler: (app) => ok({ faults: app.faults.list() }),
  },
  {
    method: 'POST',
    path: '/__admin/faults',
    summary:
      'Inject a fault: {type: latency|error|throttle|drop|hang|reset_after|inject, operation?, rate?, times?, latency_ms, status, error_code?, error_msg?, retry_after?, set}.',
    handler: (app, { body }) => {
      try {
        return ok({ fault: app.faults.add(body ?? {}) }, 201);
      } catch (error) {
        if (error instanceof z.ZodError)
          throw new AdminError(400, error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        throw error;
      }
    },
  },
  {
    method: 'DELETE',
    path: '/__admin/faults',
    summary: 'Clear all faults.',
    handler: (app) => {
      app.faults.clear();
      return noContent;
    },
  },
  {
    method: 'DELETE',
    path: '/__admin/faults/{id}',
    summary: 'Remove one fault.',
    handler: (app, { params }) => {
      if (!app.faults.remove(params.id ?? '')) throw new AdminError(404, `no fault ${params.id}`);
      return noContent;
    },
  },
  {
    method: 'GET',
    path: '/__admin/requests',
    summary:
      'Requests received, oldest first (?operation=&after=<seq>&limit=): operation, method, path, status, access key id, time; never secrets.',
    handler: (app, { query }) =>
      ok({ requests: app.requestLog.list(parseAdmin(LogQuery, Object.fromEntries(query))) }),
  },
  {
    method: 'DELETE',
    path: '/__admin/requests',
    summary: 'Clear the request log.',
    handler: (app) => {
      app.requestLog.clear();
      return noContent;
    },
  },
  {
    method: 'GET',
    path: '/__admin/stats',
    summary: 'Concurrency seen: {in_flight, max_in_flight, received} since the last reset of the stats.',
    handler: (app) => ok(app.requestLog.stats()),
  },
  {
    method: 'DELETE',
    path: '/__admin/stats',
    summary: 'Start a new measurement (max_in_flight from what is in flight now, received from 0).',
    handler: (app) => {
      app.requestLog.resetStats();
      return noContent;
    },
  },
  {
    method: 'GET',
    path: '/__admin/credentials',
    summary: 'List AK/SK credentials.',
    handler: (app) => ok({ credentials: app.identity.listCredentials().map(credentialView) }),
  },
  {
    method: 'POST',
    path: '/__admin/credentials',
    summary:
      'Add (or replace) an AK/SK credential: {access_key?, secret_key?, security_token?, actions?}; missing keys are generated.',
    handler: (app, { body }) => {
      const input = parseAdmin(CredentialBody, body);
      const generated = generateCredential();
      const credential: AccessKeyCredential = {
        accessKey: input.access_key ?? generated.accessKey,
        secretKey: input.secret_key ?? generated.secretKey,
        ...(input.security_token !== undefined ? { securityToken: input.security_token } : {}),
        ...(input.actions !== undefined ? { actions: input.actions } : {}),
      };
      app.identity.addCredential(credential);
      return ok(credentialView(credential), 201);
    },
  },
  {
    method: 'DELETE',
    path: '/__admin/credentials/{access_key}',
    summary: 'Remove a credential.',
    handler: (app, { params }) => {
      if (!app.identity.removeCredential(params.access_key ?? ''))
        throw new AdminError(404, `no credential ${params.access_key}`);
      return noContent;
    },
  },
  {
    method: 'GET',
    path: '/__admin/iam-users',
    summary: 'List IAM users (no passwords).',
    handler: (app) => ok({ users: app.identity.listUsers().map(userView) }),
  },
  {
    method: 'POST',
    path: '/__admin/iam-users',
    summary:
      'Add (or replace) an IAM user: {user, password, domain?, actions?}; the domain defaults to the main one.',
    handler: (app, { body }) => {
      const input = parseAdmin(UserBody, body);
      const existing = app.identity.listUsers();
      const domain = input.domain ?? existing[0]?.domain ?? 'csms-emulator';
      const domainId = existing.find((u) => u.domain === domain)?.domainId;
      const user = generateIamUser({
        domain,
        user: input.user,
        password: input.password,
        ...(domainId !== undefined ? { domainId } : {}),
        ...(input.actions !== undefined ? { actions: input.actions } : {}),
      });
      app.identity.addUser(user);
      return ok(userView(user), 201);
    },
  },
];

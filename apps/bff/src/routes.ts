/**
 * The route inventory: every route the BFF serves, with who may call it. `createApp` mounts exactly these
 * (deny by default: a route not listed does not exist) through `http/mount-routes.ts`, each feature router
 * supplying its handlers by name, and the CSRF and RBAC test matrices enumerate them.
 */
import type { Role } from '@csms-console/api-contract';

export type Access = 'public' | 'session' | readonly Role[];

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  access: Access;
  /** Which per-session limit counts it (docs/security.md R2). */
  kind: 'read' | 'write';
  name: string;
  /**
   * false: the session check does not count the request as use, so the idle timer runs on (a page asking
   * how long its session has left must not keep it alive). Every other signed-in route resets it.
   */
  touch?: false;
}

const ALL: readonly Role[] = ['admin', 'support', 'auditor'];

export const ROUTES = [
  { method: 'POST', path: '/bff/login', access: 'public', kind: 'write', name: 'login' },
  { method: 'POST', path: '/bff/bootstrap', access: 'public', kind: 'write', name: 'bootstrap' },
  { method: 'POST', path: '/bff/logout', access: 'session', kind: 'write', name: 'logout' },
  { method: 'GET', path: '/bff/user', access: 'session', kind: 'read', name: 'user' },
  // The session's times (docs/security.md S8): read without extending it, and "stay signed in".
  {
    method: 'GET',
    path: '/bff/session',
    access: 'session',
    kind: 'read',
    name: 'sessionStatus',
    touch: false,
  },
  { method: 'POST', path: '/bff/session/keepalive', access: 'session', kind: 'write', name: 'keepalive' },
  { method: 'GET', path: '/api/accounts', access: ALL, kind: 'read', name: 'accounts' },
  { method: 'GET', path: '/api/accounts/:account/secrets', access: ALL, kind: 'read', name: 'secrets' },
  {
    method: 'GET',
    path: '/api/accounts/:account/secrets/:secret',
    access: ALL,
    kind: 'read',
    name: 'secret',
  },
  {
    method: 'PUT',
    path: '/api/accounts/:account/secrets/:secret/versions/:version',
    access: ['admin', 'support'],
    kind: 'write',
    name: 'updateExpiry',
  },
  { method: 'GET', path: '/api/accounts/:account/expiry', access: ALL, kind: 'read', name: 'expiry' },
  { method: 'GET', path: '/api/audit', access: ALL, kind: 'read', name: 'audit' },
  { method: 'GET', path: '/api/audit/export.csv', access: ALL, kind: 'read', name: 'auditExport' },
  { method: 'GET', path: '/api/audit/verify', access: ALL, kind: 'read', name: 'auditVerify' },
  // The audit page (issue 12): events (an expiry change's intent and outcome as one), their CSV.
  { method: 'GET', path: '/api/audit/events', access: ALL, kind: 'read', name: 'auditEvents' },
  { method: 'GET', path: '/api/audit/events.csv', access: ALL, kind: 'read', name: 'auditEventsExport' },
  {
    method: 'GET',
    path: '/api/accounts/:account/outside-changes',
    access: ALL,
    kind: 'read',
    name: 'outsideChanges',
  },
  // Bulk extend (issue 11): a batch counts one write per item (app.ts); its creator, admins and auditors read it.
  {
    method: 'POST',
    path: '/api/accounts/:account/expiry-batches',
    access: ['admin', 'support'],
    kind: 'write',
    name: 'createBatch',
  },
  {
    method: 'GET',
    path: '/api/accounts/:account/expiry-batches/:id',
    access: ALL,
    kind: 'read',
    name: 'batch',
  },
  {
    method: 'POST',
    path: '/api/accounts/:account/expiry-batches/:id/retry',
    access: ['admin', 'support'],
    kind: 'write',
    name: 'retryBatch',
  },
  // Advance warnings (issue 14): admins change rules and channels, every role reads them and the log.
  { method: 'GET', path: '/api/notifications/rules', access: ALL, kind: 'read', name: 'notifyRules' },
  { method: 'POST', path: '/api/notifications/rules', access: ['admin'], kind: 'write', name: 'createRule' },
  {
    method: 'PUT',
    path: '/api/notifications/rules/:id',
    access: ['admin'],
    kind: 'write',
    name: 'updateRule',
  },
  {
    method: 'DELETE',
    path: '/api/notifications/rules/:id',
    access: ['admin'],
    kind: 'write',
    name: 'deleteRule',
  },
  { method: 'GET', path: '/api/notifications/channels', access: ALL, kind: 'read', name: 'notifyChannels' },
  {
    method: 'POST',
    path: '/api/notifications/channels',
    access: ['admin'],
    kind: 'write',
    name: 'createChannel',
  },
  {
    method: 'PUT',
    path: '/api/notifications/channels/:id',
    access: ['admin'],
    kind: 'write',
    name: 'updateChannel',
  },
  {
    method: 'DELETE',
    path: '/api/notifications/channels/:id',
    access: ['admin'],
    kind: 'write',
    name: 'deleteChannel',
  },
  {
    method: 'POST',
    path: '/api/notifications/channels/:id/test',
    access: ['admin'],
    kind: 'write',
    name: 'testChannel',
  },
  {
    method: 'GET',
    path: '/api/notifications/deliveries',
    access: ALL,
    kind: 'read',
    name: 'notifyDeliveries',
  },
  {
    method: 'GET',
    path: '/api/notifications/deliveries/:id',
    access: ALL,
    kind: 'read',
    name: 'notifyDelivery',
  },
  // Whether the scheduled evaluation is alive: the last one, the last good one, the next slot.
  { method: 'GET', path: '/api/notifications/status', access: ALL, kind: 'read', name: 'notifyStatus' },
  // Runs an evaluation now (the schedule's job, queued once however often it is asked).
  {
    method: 'POST',
    path: '/api/notifications/evaluate',
    access: ['admin'],
    kind: 'write',
    name: 'notifyEvaluate',
  },
] as const satisfies readonly RouteSpec[];

export type RouteName = (typeof ROUTES)[number]['name'];

/** Routes outside `/api` and `/bff`: no session, no CSRF header (docs/security.md C2's explicit opt-outs). */
export const OPEN_ROUTES = ['/healthz', '/readyz', '/metrics'] as const;
export type OpenRoute = (typeof OPEN_ROUTES)[number];

/**
 * The request pipeline: route -> log -> faults -> body -> authenticate -> project -> IAM action -> handler.
 * Faults come before authentication so a test can see a call that never reached CSMS. A GET without a body
 * and without faults runs synchronously. Per request it does the work that depends on the request (the log
 * entry, the full signature check, the answer); what depends only on a repeated raw path (its route and
 * decoded parameters) is remembered, and rendered pages are cached per stored secret (routes/versions.ts).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorApp } from '../app.js';
import { authenticate, type Principal } from '../auth/authenticate.js';
import { NO_FAULTS, injectField, type FaultDecision, type TerminalFault } from '../faults.js';
import { handleAdmin } from '../admin/index.js';
import { buildRouter, type PathOperations } from '../routes/index.js';
import type { CsmsOperation, Operation, Reply } from '../routes/context.js';
import { StringMemo } from '../memo.js';
import type { RouteMatch } from './router.js';
import { RequestAborted, hasBody, readBody } from './body.js';
import { GatewayError, csms, gateway } from './errors.js';
import { logEntry, sendError, sendReply, settle, type Exchange } from './exchange.js';
import { faultError } from './fault-response.js';

const EMPTY_QUERY = new URLSearchParams();
/** The last three hex digits of a request id's counter, `000` to `fff`. */
const LOW_HEX = Array.from({ length: 4096 }, (_, n) => n.toString(16).padStart(3, '0'));

/** What a raw path resolves to: its route (if any) and, once decoded without error, its parameters. */
interface Route {
  match: RouteMatch<PathOperations> | undefined;
  params: Readonly<Record<string, string>> | undefined;
}

/** Splits `req.url` (origin-form, or absolute-form from a proxy) into raw path and raw query. */
function splitUrl(url: string): [path: string, query: string] {
  let target = url;
  if (!target.startsWith('/')) {
    const scheme = target.indexOf('://');
    const slash = scheme < 0 ? -1 : target.indexOf('/', scheme + 3);
    target = slash < 0 ? '/' : target.slice(slash);
  }
  const q = target.indexOf('?');
  return q < 0 ? [target, ''] : [target.slice(0, q), target.slice(q + 1)];
}

function decodeParams(match: RouteMatch<PathOperations>): Record<string, string> {
  const params: Record<string, string> = {};
  match.paramNames.forEach((name, i) => {
    const raw = match.params[i]!;
    if (!raw.includes('%')) {
      params[name] = raw;
      return;
    }
    try {
      params[name] = decodeURIComponent(raw);
    } catch {
      throw csms.invalidParameter(name);
    }
  });
  return params;
}

export function createRequestHandler(app: EmulatorApp): (req: IncomingMessage, res: ServerResponse) => void {
  const router = buildRouter();
  // Routes remembered per raw path: clients call the same few paths over and over.
  const routes = new StringMemo<Route>((rawPath) => ({ match: router.match(rawPath), params: undefined }));
  const idPrefix = randomBytes(8).toString('hex');
  let counter = 0;
  /** idPrefix and the counter's first 13 hex digits, which change every 4096 requests. */
  let idHigh = '';

  /** `<16 hex of this handler><16 hex counter>`. */
  function nextRequestId(): string {
    const low = ++counter % 4096;
    if (low === 0 || idHigh === '')
      idHigh =
        idPrefix +
        Math.floor(counter / 4096)
          .toString(16)
          .padStart(13, '0');
    return idHigh + LOW_HEX[low]!;
  }

  const fail = (x: Exchange, error: unknown): void => {
    if (error instanceof RequestAborted) {
      settle(x, null, 'aborted');
      return;
    }
    sendError(x, error, app.notFoundStatus, app.logger);
  };

  function resolveProject(principal: Principal, projectId: string) {
    const claimed = principal.projectId;
    if (claimed !== null) {
      // The same id as the path's (a string the route cache keeps) finds the same project, faster.
      const own = app.store.project(claimed === projectId ? projectId : claimed);
      if (!own)
        throw gateway.unauthorized(
          `the project ${claimed} does not exist or does not belong to this account`,
        );
      if (claimed !== projectId)
        throw csms.forbidden(
          `the project ${projectId} in the path is not the project ${claimed} of the credentials`,
        );
      return own;
    }
    const project = app.store.project(projectId);
    if (!project)
      throw gateway.unauthorized(
        `the project ${projectId} does not exist or does not belong to this account`,
      );
    return project;
  }

  function run(x: Exchange, found: Route, operation: Operation, body: Buffer | undefined): void {
    try {
      const now = app.clock.now();
      const query = x.rawQuery === '' ? EMPTY_QUERY : new URLSearchParams(x.rawQuery);
      if (operation.kind === 'iam') {
        answer(x, operation.handler({ params: {}, query, body, now }, app.services));
        return;
      }
      const principal = authenticate(
        {
          method: x.req.method ?? 'GET',
          rawPath: x.rawPath,
          rawQuery: x.rawQuery,
          headers: x.req.headers,
          body,
        },
        { identity: app.identity, store: app.store, now },
      );
      const entry = logEntry(x);
      if (entry) {
        entry.access_key_id = principal.accessKeyId;
        entry.user = principal.userName;
      }
      // Decoded once per path; a path that fails to decode is not kept and fails the same way each time.
      const params = (found.params ??= decodeParams(found.match!));
      const projectId = params.project_id ?? '';
      const project = resolveProject(principal, projectId);
      authorize(principal, operation);
      app.scheduler.check();
      answer(x, operation.handler({ projectId, project, params, query, body, now }, app.services));
    } catch (error) {
      fail(x, error);
    }
  }

  /** Sends a handler's reply, unless an `inject` or `reset_after` fault changes or withholds it. */
  function answer(x: Exchange, reply: Reply): void {
    const { inject, resetAfter } = x.faults;
    let final = reply;
    if (inject.length > 0 && reply.status < 300 && (reply.json || reply.body !== undefined)) {
      const body: unknown = reply.json
        ? JSON.parse(reply.json.toString('utf8'))
        : structuredClone(reply.body);
      for (const set of inject)
        for (const [path, value] of Object.entries(set)) injectField(body, path, value);
      final = { status: reply.status, body, ...(reply.headers ? { headers: reply.headers } : {}) };
    }
    if (resetAfter) {
      settle(x, final.status, 'reset');
      x.req.socket.destroy();
      return;
    }
    sendReply(x, final);
  }

  function proceed(x: Exchange, found: Route, operation: Operation): void {
    if (!hasBody(x.req)) {
      run(x, found, operation, undefined);
      return;
    }
    readBody(x.req).then(
      (body) => run(x, found, operation, body),
      (error: unknown) => fail(x, error),
    );
  }

  function applyFaults(x: Exchange, found: Route, operation: Operation, decision: FaultDecision): void {
    const fault = decision.terminal;
    if (!fault) return proceed(x, found, operation);
    if (fault.type === 'drop') {
      settle(x, null, 'dropped');
      x.req.socket.destroy();
      return;
    }
    if (fault.type === 'hang') {
      // Never answered; it leaves flight when the client gives up or close() destroys the socket.
      x.res.once('close', () => settle(x, null, 'hung'));
      return;
    }
    fail(x, fault.type === 'throttle' ? throttleError(fault) : faultError(fault, operation));
  }

  return function handle(req, res) {
    const [rawPath, rawQuery] = splitUrl(req.url ?? '/');
    const x: Exchange = {
      req,
      res,
      requestId: nextRequestId(),
      rawPath,
      rawQuery,
      started: Date.now(),
      operation: undefined,
      log: undefined,
      entry: undefined,
      entrySeq: 0,
      settled: false,
      faults: NO_FAULTS,
    };
    try {
      if (app.admin && (rawPath === '/__admin' || rawPath.startsWith('/__admin/'))) {
        handleAdmin(app, x);
        return;
      }
      const found = routes.get(rawPath);
      const match = found.match;
      const operation = match?.value.get(req.method ?? '');
      x.operation = operation;
      x.entry = app.requestLog.start(
        app.clock.now(),
        x.requestId,
        operation?.name ?? null,
        req.method ?? '',
        rawPath,
        rawQuery,
        req.headers.authorization,
        req.rawHeaders,
      );
      x.log = app.requestLog;
      x.entrySeq = x.entry.seq;
      if (!match) return fail(x, gateway.noSuchApi());
      if (!operation) return fail(x, gateway.noSuchMethod());

      const decision = app.faults.decide(operation.name);
      x.faults = decision;
      if (decision.fired.length > 0) x.entry.faults = decision.fired;
      if (decision.latencyMs <= 0) return applyFaults(x, found, operation, decision);
      const timer = setTimeout(() => {
        app.timers.delete(timer);
        applyFaults(x, found, operation, decision);
      }, decision.latencyMs);
      app.timers.add(timer);
    } catch (error) {
      fail(x, error);
    }
  };
}

function authorize(principal: Principal, operation: CsmsOperation): void {
  if (principal.allows && !principal.allows(operation.action))
    throw csms.forbidden(`the caller is not authorized to perform ${operation.action}`);
}

function throttleError(fault: Extract<TerminalFault, { type: 'throttle' }>): GatewayError {
  if (fault.error_code === undefined && fault.error_msg === undefined)
    return gateway.throttled(fault.retry_after);
  const standard = gateway.throttled(fault.retry_after);
  return new GatewayError(
    429,
    fault.error_code ?? standard.code,
    fault.error_msg ?? standard.message,
    standard.headers,
  );
}

/**
 * One request/response pair and the only way answers leave the emulator: JSON with `X-Request-Id` on every
 * response, errors rendered in the family their operation uses, anything unexpected a CSMS-style 500 with
 * no internals.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Logger } from '../app.js';
import type { FaultDecision } from '../faults.js';
import type { LogSlot, RequestLog, RequestOutcome } from '../request-log.js';
import type { Operation, Reply } from '../routes/context.js';
import {
  CsmsError,
  GatewayError,
  IamError,
  csms,
  csmsErrorBody,
  gatewayErrorBody,
  iamErrorBody,
  type ErrorShape,
} from './errors.js';

export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  rawPath: string;
  rawQuery: string;
  started: number;
  operation: Operation | undefined;
  /** Absent for admin calls, which are not logged. */
  log: RequestLog | undefined;
  entry: LogSlot | undefined;
  /** The entry's seq when this request took it (log slots are reused). */
  entrySeq: number;
  /** Set once the request has left flight. */
  settled: boolean;
  /** Faults that fired for this request. */
  faults: FaultDecision;
}

/** This request's log entry, unless the ring has since reused the slot for a later request. */
export function logEntry(x: Exchange): LogSlot | undefined {
  return x.entry !== undefined && x.entry.seq === x.entrySeq ? x.entry : undefined;
}

/** Records how the request ended, once: in-flight count and log entry. */
export function settle(x: Exchange, status: number | null, outcome: RequestOutcome): void {
  if (x.settled || !x.log) return;
  x.settled = true;
  x.log.settled();
  const entry = logEntry(x);
  if (entry) {
    entry.status = status;
    entry.outcome = outcome;
    entry.duration_ms = Date.now() - x.started;
  }
}

export function send(
  x: Exchange,
  status: number,
  body?: unknown,
  extra?: Readonly<Record<string, string>>,
  json?: Buffer,
): void {
  if (x.res.headersSent || x.res.destroyed) {
    settle(x, null, 'aborted');
    return;
  }
  const payload = json ?? (body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8'));
  if (extra === undefined && payload !== undefined) {
    // The common answer, in the same header order as below (a flat list is node's cheapest form).
    x.res.writeHead(status, [
      'x-request-id',
      x.requestId,
      'content-type',
      JSON_CONTENT_TYPE,
      'content-length',
      String(payload.length),
    ]);
    x.res.end(payload);
    settle(x, status, 'answered');
    return;
  }
  const headers: OutgoingHttpHeaders = extra ? { ...extra } : {};
  headers['x-request-id'] = x.requestId;
  if (payload !== undefined) {
    headers['content-type'] = JSON_CONTENT_TYPE;
    headers['content-length'] = payload.length;
  } else if (status !== 204) {
    headers['content-length'] = 0;
  }
  x.res.writeHead(status, headers);
  x.res.end(payload);
  settle(x, status, 'answered');
}

export function sendReply(x: Exchange, reply: Reply): void {
  send(x, reply.status, reply.body, reply.headers, reply.json);
}

const shapeOf = (operation: Operation | undefined): ErrorShape | 'iam' =>
  operation === undefined ? 'flat' : operation.kind === 'iam' ? 'iam' : operation.shape;

export function sendError(x: Exchange, error: unknown, notFoundStatus: number, logger: Logger): void {
  if (error instanceof GatewayError) {
    send(x, error.status, gatewayErrorBody(error.code, error.message, x.requestId), error.headers);
    return;
  }
  if (error instanceof IamError) {
    send(x, error.status, iamErrorBody(error.status, error.message, error.title));
    return;
  }
  let known = error instanceof CsmsError ? error : undefined;
  if (!known) {
    logger.error(`request ${x.requestId} ${x.req.method} ${x.rawPath} failed`, error);
    known = csms.internal();
  }
  const status = known.notFound ? notFoundStatus : known.status;
  const shape = shapeOf(x.operation);
  send(
    x,
    status,
    shape === 'iam'
      ? iamErrorBody(status, known.message, status >= 500 ? 'Internal Server Error' : 'Bad Request')
      : csmsErrorBody(shape, known.code, known.message),
  );
}

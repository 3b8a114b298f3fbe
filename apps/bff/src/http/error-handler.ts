/**
 * The one error shape end to end (docs/security.md E1): `{error:{code,message,details?,requestId}}`.
 * `AppError`s keep their status and code; body-parser's errors get their 4xx; anything else is a 500 with a
 * generic message, logged with its cause but never answered with a stack, path or upstream text. Refusals
 * (403, and 4xx on input) are audited (docs/security.md A4, U5).
 */
import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../errors.js';
import type { AuditStore } from '../store/types.js';
import { auditActor } from './context.js';

interface ParserError {
  type?: string;
  status?: number;
  expose?: boolean;
}

function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  // The router decodes path parameters and throws a URIError on a malformed escape (`/secrets/%E0%A4%A`).
  if (error instanceof URIError)
    return new AppError(400, 'invalid_input', 'The request path is not valid percent-encoding.');
  const parser = error as ParserError;
  switch (parser?.type) {
    case 'entity.too.large':
      return new AppError(413, 'payload_too_large', 'The request body is larger than 4 kB.');
    case 'entity.parse.failed':
      return new AppError(400, 'invalid_input', 'The request body is not valid JSON.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError(415, 'unsupported_media_type', 'Send the request body as UTF-8 application/json.');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new AppError(400, 'invalid_input', 'The request body could not be read.');
    default:
      // serve-static's http-errors: a missing asset is a plain 404; other client errors stay 4xx.
      if (parser?.status === 404) return new AppError(404, 'not_found', 'No such file.');
      if (
        parser?.expose === true &&
        typeof parser.status === 'number' &&
        parser.status >= 400 &&
        parser.status < 500
      ) {
        return new AppError(400, 'invalid_input', 'The request could not be served.');
      }
      return undefined;
  }
}

export function errorHandler(deps: { audit: AuditStore; logger: Logger }): ErrorRequestHandler {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    void handle(deps, error, req, res);
  };
}

async function handle(
  deps: { audit: AuditStore; logger: Logger },
  error: unknown,
  req: Request,
  res: Response,
) {
  const ctx = res.locals.ctx;
  const known = toAppError(error);
  const appError =
    known ??
    new AppError(500, 'internal_error', 'Something went wrong on our side. Quote the request id to support.');
  if (!known)
    deps.logger.error({ err: error, requestId: ctx?.requestId, route: req.path }, 'unhandled error');
  if (
    appError.status === 403 ||
    appError.code === 'invalid_input' ||
    appError.status === 413 ||
    appError.status === 415
  ) {
    await auditRefusal(deps, appError, req, res);
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const [name, value] of Object.entries(appError.headers ?? {})) res.setHeader(name, value);
  res.status(appError.status).json({
    error: {
      code: appError.code,
      message: appError.message,
      ...(appError.details === undefined ? {} : { details: appError.details }),
      requestId: ctx?.requestId ?? 'unknown',
    },
  });
}

async function auditRefusal(
  deps: { audit: AuditStore; logger: Logger },
  error: AppError,
  req: Request,
  res: Response,
) {
  if (!res.locals.ctx) return;
  const denied = error.status === 403 && error.code !== 'csrf_required';
  try {
    await deps.audit.append({
      action: denied ? 'authz.denied' : 'request.rejected',
      outcome: denied ? 'denied' : 'rejected',
      ...auditActor(req, res),
      details: { code: error.code, method: req.method, route: req.path.slice(0, 300), status: error.status },
    });
  } catch (cause) {
    deps.logger.error(
      { err: cause, requestId: res.locals.ctx.requestId },
      'audit write failed for a refusal',
    );
  }
}

/**
 * The BFF's one error type. Services throw `AppError`; one middleware turns it into
 * `{error:{code,message,details?,requestId}}`. Messages are written for the person at the console and never
 * carry a stack, a path, a credential or an upstream body.
 */
import type { ErrorCode } from '@csms-console/api-contract';

export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    /** Extra response headers, e.g. `Retry-After`. */
    readonly headers?: Record<string, string>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const notFound = (what = 'No such route') => new AppError(404, 'not_found', what);
export const forbidden = (message = 'Your role does not allow this.') =>
  new AppError(403, 'forbidden', message);
export const unauthenticated = () =>
  new AppError(401, 'unauthenticated', 'Your session has ended or you are not signed in. Sign in again.');

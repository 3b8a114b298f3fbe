/**
 * Request bodies: JSON only (a text/plain, form or multipart body gets 415, which also stops simple-request
 * CSRF), at most 4 kB (413; 96 kB for a new expiry batch), strict JSON (docs/security.md C4, V4). A body on a GET is refused the same way.
 *
 * UTF-8 only (issue 9): body-parser accepts any `utf-*` charset (utf-7, utf-16le) and decodes it, and
 * without a charset it decodes UTF-16 bytes as UTF-8 with replacement characters. So the bytes are checked
 * before decoding, against the charset body-parser itself read from the header (one parser, one decision):
 * no charset or `utf-8`, valid UTF-8, no NUL byte (UTF-16/32 text of ASCII has them; JSON never does raw).
 * Anything else is 415 `unsupported_media_type`.
 */
import { isUtf8 } from 'node:buffer';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppError } from '../errors.js';

const notUtf8 = () =>
  new AppError(415, 'unsupported_media_type', 'Send the request body as UTF-8 application/json.');

const parser = (limit: string) =>
  express.json({
    limit,
    strict: true,
    type: () => true,
    // `encoding` is body-parser's charset ('utf-8' when the header names none); it decodes after this.
    verify: (_req, _res, buf, encoding) => {
      if (encoding !== 'utf-8' || !isUtf8(buf) || buf.includes(0)) throw notUtf8();
    },
  });
const json = parser('4kb');
/** A new expiry batch: up to 500 items of about 130 bytes each. Only this route takes more than 4 kB. */
const batchJson = parser('96kb');
const BATCH_CREATE = /^\/api\/accounts\/[^/]+\/expiry-batches$/;

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export function jsonBody(req: Request, res: Response, next: NextFunction): void {
  if (!hasBody(req)) return next();
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    return next(new AppError(415, 'unsupported_media_type', 'Send the request body as application/json.'));
  }
  (req.method === 'POST' && BATCH_CREATE.test(req.path) ? batchJson : json)(req, res, next);
}

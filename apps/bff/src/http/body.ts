/**
 * Request bodies: JSON only (a text/plain, form or multipart body gets 415, which also stops simple-request
 * CSRF), at most 4 kB (413), strict JSON (security.md C4, V4). A body on a GET is refused the same way.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppError } from '../errors.js';

const json = express.json({ limit: '4kb', strict: true, type: () => true });

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
  json(req, res, next);
}

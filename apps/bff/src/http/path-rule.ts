/**
 * One path rule (issue 9): routing is case-sensitive and strict, and every decision that branches on the
 * path (CSRF guard, API headers, the anonymous limit, the SPA fallback) classifies it here, on the same
 * `req.path` the router matches (Express 5: parseurl's pathname of the raw request target, never decoded).
 *
 * The classification is deliberately loose: a path is API-ish when ANY plausible reading of it (percent
 * escapes decoded, case folded, `\` as `/`, `;` parameters cut, empty and dot segments resolved) names
 * `/api` or `/bff`. An API-ish path must then be spelled canonically (`pathRule`), or it is refused with a
 * 404 before any router sees it. So no spelling of a route reaches a handler without the checks its
 * canonical path gets, and nothing under the prefixes is ever answered by the SPA. The same holds for the
 * open routes (`/healthz` ...): a variant spelling is a 404 with the API's headers.
 */
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors.js';
import { OPEN_ROUTES } from '../routes.js';

const PREFIXES = new Set(['api', 'bff']);
const OPEN = new Set<string>(OPEN_ROUTES);
const ESCAPED = /%[0-9a-f]{2}/i;
const ESCAPES = /%([0-9a-f]{2})/gi;
/** A canonical segment: RFC 3986 unreserved characters only (every route literal and parameter fits). */
const SEGMENT = /^[A-Za-z0-9._~-]+$/;

export type PathKind = 'api' | 'open' | 'spa';

/** Segments as a lenient reader might see them: decoded (repeatedly: `%252F`), folded, `;` cut, no empties. */
function looseSegments(pathname: string): string[] {
  let path = pathname;
  // Byte-wise decoding (`%C3%A4` becomes two Latin-1 characters) never throws; the prefixes are ASCII.
  for (let round = 0; round < 4 && ESCAPED.test(path); round++) {
    path = path.replace(ESCAPES, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return path
    .toLowerCase()
    .replace(/\\/g, '/')
    .split('/')
    .map((segment) => withoutControls(segment.split(';')[0] ?? ''))
    .filter((segment) => segment !== '');
}

/** Drops C0 controls, space and DEL (`/api%09/x`): a lenient reader may ignore them. */
function withoutControls(segment: string): string {
  return [...segment].filter((c) => c.charCodeAt(0) > 0x20 && c !== '\u007f').join('');
}

function resolveDots(segments: readonly string[]): string[] {
  const out: string[] = [];
  for (const segment of segments) {
    if (segment === '..') out.pop();
    else if (segment !== '.') out.push(segment);
  }
  return out;
}

/** Which rules apply to `pathname`: API-ish if either reading, before or after dot segments, starts there. */
export function pathKind(pathname: string): PathKind {
  const segments = looseSegments(pathname);
  const resolved = resolveDots(segments);
  const first = segments.find((s) => s !== '.') ?? '';
  if (PREFIXES.has(first) || PREFIXES.has(resolved[0] ?? '')) return 'api';
  if (OPEN.has('/' + resolved.join('/'))) return 'open';
  return 'spa';
}

export function isApiPath(pathname: string): boolean {
  return pathKind(pathname) === 'api';
}

/**
 * The one spelling the routes are written in: `/api` or `/bff` in lower case, then single `/` between
 * non-empty segments of unreserved characters, no `.`/`..`, no trailing `/`, no `%`, no `;`. (Whether the
 * rest names a route is the case-sensitive router's business; it answers 404 after the checks ran.)
 */
export function isCanonical(pathname: string, kind: PathKind): boolean {
  if (kind === 'spa') return true;
  if (kind === 'open') return OPEN.has(pathname);
  const [empty, prefix, ...rest] = pathname.split('/');
  return (
    empty === '' &&
    PREFIXES.has(prefix ?? '') &&
    rest.every((s) => SEGMENT.test(s) && s !== '.' && s !== '..')
  );
}

/** Refuses a non-canonical spelling of an API-ish or open path with 404, before CSRF, limits and routes. */
export function pathRule(req: Request, _res: Response, next: NextFunction): void {
  const kind = pathKind(req.path);
  if (isCanonical(req.path, kind)) return next();
  next(
    new AppError(
      404,
      'not_found',
      'No such route. API paths are matched exactly: case-sensitive, single slashes, no trailing slash, no dot segments, no `;`, no percent-encoding.',
    ),
  );
}

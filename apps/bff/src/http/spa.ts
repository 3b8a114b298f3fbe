/**
 * The built SPA: hashed assets cached for a year, `index.html` never cached (it names the hashes), the icon
 * a day. Every file the build precompressed (`.br` and `.gz` beside it, apps/web/vite.config.ts) is sent in
 * the encoding the client accepts, brotli first, with `Vary: Accept-Encoding` and the original file's
 * `Content-Type`; express-static-gzip maps the variants and rewrites the request to one, serve-static sends it.
 */
import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import expressStaticGzip from 'express-static-gzip';
import { pathKind } from './path-rule.js';

/** index.html or one of its variants, as serve-static names the file it sends. */
const INDEX = /(^|\/)index\.html(\.br|\.gz)?$/;

/** The encodings the build writes, in the server's order of preference. */
const ENCODINGS = ['br', 'gzip'] as const;

/**
 * express-static-gzip honours `q=0` on a named encoding, but it lets `*` stand for any variant (it would send
 * brotli to `br;q=0, *`) and compares names case-sensitively (`BR`). Express's own negotiation
 * (`req.acceptsEncodings`, negotiator) decides which of our encodings the client accepts; the middleware sees
 * only those, and sends brotli first (tests: apps/bff/test/spa-compression.test.ts).
 */
function negotiated(serve: RequestHandler, fallthrough: boolean): RequestHandler {
  return (req, res, next) => {
    // The middleware answers a malformed escape itself, in plain text; here it goes where serve-static's own
    // 400 went: on to the next handler, or (assets) to the error handler's one error shape.
    try {
      decodeURIComponent(req.path);
    } catch (error) {
      return fallthrough ? next() : next(error);
    }
    const header = req.headers['accept-encoding'];
    req.headers['accept-encoding'] = ENCODINGS.filter((e) => req.acceptsEncodings(e) === e).join(', ');
    try {
      void serve(req, res, next);
    } finally {
      if (header === undefined) delete req.headers['accept-encoding'];
      else req.headers['accept-encoding'] = header;
    }
  };
}

function precompressed(dir: string, options: expressStaticGzip.ExpressStaticGzipOptions): RequestHandler {
  return negotiated(
    expressStaticGzip(dir, { enableBrotli: true, orderPreference: [...ENCODINGS], ...options }),
    options.serveStatic?.fallthrough !== false,
  );
}

/**
 * A script or stylesheet is never a document: the page's CSP (and its reporting endpoint) governs it from the
 * document that loads it, and a copy on its own response does nothing (the SPA starts no workers). Leaving
 * the two off saves about 330 bytes per file on every cold load (issue 13's byte budget). The other
 * headers stay (nosniff, CORP...), and anything else under /assets (an SVG, a 404) keeps the full set.
 */
function scriptHeaders(res: ServerResponse, path: string): void {
  if (!/\.(js|css)(\.br|\.gz)?$/.test(path)) return;
  res.removeHeader('Content-Security-Policy');
  res.removeHeader('Reporting-Endpoints');
}

export function serveSpa(app: Express, staticDir: string): void {
  if (!existsSync(join(staticDir, 'index.html'))) return;
  // index.html names the hashed assets, so it is checked every time; the other files at the top (the icon)
  // keep their name across builds and are kept a day: the browser asks for the icon on every navigation.
  const topLevel = {
    setHeaders: (res: ServerResponse, path: string) =>
      res.setHeader('Cache-Control', INDEX.test(path) ? 'no-cache' : 'public, max-age=86400'),
  };
  app.use(
    '/assets',
    precompressed(join(staticDir, 'assets'), {
      index: false,
      serveStatic: {
        immutable: true,
        maxAge: '365d',
        index: false,
        fallthrough: false,
        setHeaders: scriptHeaders,
      },
    }),
  );
  const root = precompressed(staticDir, { index: false, serveStatic: { index: false, ...topLevel } });
  app.use(root);
  app.get(/^\/(?!api\/|bff\/|api$|bff$).*/, (req: Request, res: Response, next: NextFunction) => {
    if (pathKind(req.path) !== 'spa' || req.accepts(['html']) !== 'html') return next();
    // index.html for every app route, compressed like the other files: served as if `/index.html` was asked.
    const url = req.url;
    req.url = '/index.html';
    try {
      root(req, res, (error?: unknown) => {
        req.url = url;
        next(error);
      });
    } finally {
      req.url = url;
    }
  });
}

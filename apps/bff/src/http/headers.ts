/**
 * Response headers (docs/security.md §1.5): helmet with the tightened CSP for the SPA, and for `/api`, `/bff` and
 * the health endpoints (in any spelling) a CSP that allows nothing plus `Cache-Control: no-store` (H2). No `X-Powered-By`.
 */
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { pathKind } from './path-rule.js';

/** Kept here for the callers that import it with the headers; the one definition is in path-rule.ts. */
export { isApiPath } from './path-rule.js';

export const SPA_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; upgrade-insecure-requests; " +
  'report-to csp-endpoint';
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

const base = helmet({
  contentSecurityPolicy: false,
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginOpenerPolicy: { policy: 'same-origin' },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  xFrameOptions: { action: 'deny' },
});

export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  base(req, res, (error?: unknown) => {
    if (error) return next(error);
    // Every spelling of an API or health path, the refused ones included (path-rule.ts).
    if (pathKind(req.path) !== 'spa') {
      res.setHeader('Content-Security-Policy', API_CSP);
      res.setHeader('Cache-Control', 'no-store');
    } else {
      res.setHeader('Content-Security-Policy', SPA_CSP);
      res.setHeader('Reporting-Endpoints', 'csp-endpoint="/csp-report"');
    }
    next();
  });
}

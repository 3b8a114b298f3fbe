/**
 * Response headers (security.md §1.5): helmet with the tightened CSP for the SPA, and for `/api`, `/bff` and
 * the health endpoints a CSP that allows nothing plus `Cache-Control: no-store` (H2). No `X-Powered-By`.
 */
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

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

export function isApiPath(path: string): boolean {
  return path.startsWith('/api/') || path === '/api' || path.startsWith('/bff/') || path === '/bff';
}

export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  base(req, res, (error?: unknown) => {
    if (error) return next(error);
    if (isApiPath(req.path) || req.path === '/healthz' || req.path === '/readyz' || req.path === '/metrics') {
      res.setHeader('Content-Security-Policy', API_CSP);
      res.setHeader('Cache-Control', 'no-store');
    } else {
      res.setHeader('Content-Security-Policy', SPA_CSP);
      res.setHeader('Reporting-Endpoints', 'csp-endpoint="/csp-report"');
    }
    next();
  });
}

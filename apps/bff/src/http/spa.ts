/** The built SPA: hashed assets cached for a year, `index.html` never cached (it names the hashes). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { pathKind } from './path-rule.js';

export function serveSpa(app: Express, staticDir: string): void {
  if (!existsSync(join(staticDir, 'index.html'))) return;
  app.use(
    '/assets',
    express.static(join(staticDir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: false,
    }),
  );
  app.use(
    express.static(staticDir, {
      index: false,
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  );
  app.get(/^\/(?!api\/|bff\/|api$|bff$).*/, (req, res, next) => {
    if (pathKind(req.path) !== 'spa' || req.accepts(['html']) !== 'html') return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(staticDir, 'index.html'));
  });
}

/**
 * The BFF's own answers (JSON, the audit CSV) compressed for clients that accept it: brotli at quality 4 (the
 * middleware's default, cheap enough per request), else gzip, from 1 kB on, with `Vary: Accept-Encoding`. The
 * SPA's files are not touched here: they go precompressed (spa.ts). A list page of secrets is 6.9 kB of JSON,
 * about a twentieth of the budget to the secrets list (issue 13).
 *
 * Compressing secret-bearing answers that also reflect attacker input invites BREACH-style guessing by size.
 * It needs the victim's browser to send authenticated requests the attacker chose and to observe their sizes;
 * here every `/api` and `/bff` request must carry `X-CSRF: 1` (a cross-site page cannot set it without a
 * preflight the BFF refuses) and the session cookie is `SameSite=Strict` (docs/security.md C1, C2), and no
 * answer carries a credential or a token: secret values never reach the BFF.
 */
import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';
import { pathKind } from './path-rule.js';

export function compressAnswers(): RequestHandler {
  return compression({
    filter: (req: Request, res: Response) => pathKind(req.path) !== 'spa' && compression.filter(req, res),
  });
}

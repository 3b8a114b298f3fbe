/** `/healthz`, `/readyz`, `/metrics`: outside `/api` and `/bff`, so no session and no CSRF header (routes.ts). */
import type { OpenRouteHandlers } from '../../http/mount-routes.js';
import type { HealthService } from './health.service.js';

export function healthRouter(service: HealthService): OpenRouteHandlers {
  return {
    '/healthz': (_req, res) => {
      res.json({ status: 'ok' });
    },
    '/readyz': async (_req, res) => {
      const readiness = await service.readiness();
      res.status(readiness.status === 'ready' ? 200 : 503).json(readiness);
    },
    '/metrics': async (_req, res) => {
      const { contentType, text } = await service.metrics();
      res.setHeader('Content-Type', contentType);
      res.send(text);
    },
  };
}

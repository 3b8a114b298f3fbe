/**
 * Liveness, readiness and metrics (security.md G3). `/healthz` depends on nothing. `/readyz` answers 503
 * while draining or when the store refuses writes (the audit log would fail closed); the upstream breakers
 * are reported but never fail readiness, so one CSMS blip does not drop every instance.
 */
import type { Request, Response } from 'express';
import type { Metrics } from '../../metrics.js';
import type { Stores } from '../../store/types.js';
import type { Upstream } from '../../upstream/types.js';

export interface Lifecycle {
  draining: boolean;
}

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);

export function healthHandlers(deps: {
  stores: Stores;
  upstream: Upstream;
  metrics: Metrics;
  lifecycle: Lifecycle;
}) {
  return {
    healthz(_req: Request, res: Response) {
      res.json({ status: 'ok' });
    },
    async readyz(_req: Request, res: Response) {
      let store: 'ok' | 'unwritable' = 'ok';
      try {
        await withTimeout(deps.stores.probeWritable(), 2_000);
      } catch {
        store = 'unwritable';
      }
      const ready = store === 'ok' && !deps.lifecycle.draining;
      res.status(ready ? 200 : 503).json({
        status: ready ? 'ready' : 'not_ready',
        checks: {
          config: 'ok',
          audit_store: store,
          session_store: store,
          draining: deps.lifecycle.draining,
          upstream_breakers: deps.upstream.breakers(),
        },
      });
    },
    async metrics(_req: Request, res: Response) {
      res.setHeader('Content-Type', deps.metrics.registry.contentType);
      res.send(await deps.metrics.registry.metrics());
    },
  };
}

/**
 * Liveness, readiness and metrics (docs/security.md G3). `/healthz` depends on nothing. `/readyz` answers 503
 * while draining or when the store refuses writes (the audit log would fail closed); the upstream breakers
 * are reported but never fail readiness, so one CSMS blip does not drop every instance.
 */
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

export class HealthService {
  constructor(
    private readonly deps: { stores: Stores; upstream: Upstream; metrics: Metrics; lifecycle: Lifecycle },
  ) {}

  async readiness() {
    let store: 'ok' | 'unwritable' = 'ok';
    try {
      await withTimeout(this.deps.stores.probeWritable(), 2_000);
    } catch {
      store = 'unwritable';
    }
    const { draining } = this.deps.lifecycle;
    const ready = store === 'ok' && !draining;
    return {
      status: ready ? ('ready' as const) : ('not_ready' as const),
      checks: {
        config: 'ok',
        audit_store: store,
        session_store: store,
        draining,
        upstream_breakers: this.deps.upstream.breakers(),
      },
    };
  }

  async metrics(): Promise<{ contentType: string; text: string }> {
    const { registry } = this.deps.metrics;
    return { contentType: registry.contentType, text: await registry.metrics() };
  }
}

/** Prometheus metrics (`GET /metrics`), one registry per app so tests and processes never share counters. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  httpDuration: Histogram<'route' | 'method' | 'status'>;
  upstreamCalls: Counter<'account' | 'operation' | 'outcome'>;
  upstreamDuration: Histogram<'account' | 'operation'>;
  upstreamInFlight: Gauge<'pool'>;
  breakerOpen: Gauge<'account'>;
  auditWriteFailures: Counter;
  auditWrites: Counter<'action' | 'outcome'>;
  notifyEvents: Counter;
  notifyDeliveries: Counter<'kind' | 'status'>;
  notifyEvaluationDuration: Histogram;
  /** Deliveries retrying or failed, read from the store at scrape (features/notify: `watchFailing`). */
  notifyFailing: Gauge<'status'>;
}

/** Makes the failing-deliveries gauge read `read()` on every scrape (any replica shows the store's count). */
export function watchFailing(
  metrics: Metrics,
  read: () => Promise<{ retrying: number; failed: number }>,
): void {
  const gauge = metrics.notifyFailing as Gauge<'status'> & { collect?: () => Promise<void> };
  gauge.collect = async () => {
    try {
      const counts = await read();
      gauge.set({ status: 'retrying' }, counts.retrying);
      gauge.set({ status: 'failed' }, counts.failed);
    } catch {
      // The store is unreachable: keep the last values (readiness reports the store).
    }
  };
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'bff_http_requests_total',
      help: 'HTTP requests answered, by route pattern, method and status',
      labelNames: ['route', 'method', 'status'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'bff_http_request_duration_seconds',
      help: 'HTTP request latency, by route pattern, method and status',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
      registers,
    }),
    upstreamCalls: new Counter({
      name: 'bff_upstream_calls_total',
      help: 'CSMS operations, by account, operation and outcome',
      labelNames: ['account', 'operation', 'outcome'],
      registers,
    }),
    upstreamDuration: new Histogram({
      name: 'bff_upstream_call_duration_seconds',
      help: 'CSMS operation latency including retries',
      labelNames: ['account', 'operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
      registers,
    }),
    upstreamInFlight: new Gauge({
      name: 'bff_upstream_in_flight',
      help: 'CSMS operations in flight, by bulkhead pool',
      labelNames: ['pool'],
      registers,
    }),
    breakerOpen: new Gauge({
      name: 'bff_upstream_breaker_open',
      help: '1 while the account circuit breaker is open or half-open',
      labelNames: ['account'],
      registers,
    }),
    auditWriteFailures: new Counter({
      name: 'bff_audit_write_failures_total',
      help: 'Audit rows that could not be written',
      registers,
    }),
    auditWrites: new Counter({
      name: 'bff_audit_writes_total',
      help: 'Audit rows written, by action and outcome',
      labelNames: ['action', 'outcome'],
      registers,
    }),
    notifyEvents: new Counter({
      name: 'bff_notify_events_total',
      help: 'Expiry warning events this process recorded (one per crossing across replicas)',
      registers,
    }),
    notifyDeliveries: new Counter({
      name: 'bff_notify_deliveries_total',
      help: 'Notification delivery attempts, by kind (digest, test) and resulting status',
      labelNames: ['kind', 'status'],
      registers,
    }),
    notifyEvaluationDuration: new Histogram({
      name: 'bff_notify_evaluation_duration_seconds',
      help: 'How long one notification evaluation took',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    notifyFailing: new Gauge({
      name: 'bff_notify_deliveries_failing',
      help: 'Deliveries retrying now, or failed for good in the last 24 hours, across replicas (from the store)',
      labelNames: ['status'],
      registers,
    }),
  };
}

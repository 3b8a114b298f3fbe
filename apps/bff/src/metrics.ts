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
  };
}

/**
 * Injected faults, applied per operation before authentication and handling, so a test can prove what was
 * and was not called. Latency faults add up and the request proceeds; the first matching terminal fault
 * (error status, 429, dropped connection, hang) that wins its rate roll answers instead of the emulator.
 * Two act after handling: `reset_after` performs the operation (a write is committed) and then resets the
 * connection instead of answering (an ambiguous write); `inject` sets fields in a successful JSON answer
 * (e.g. a `secret_string` that must never reach a browser).
 */
import { z } from 'zod';

const base = {
  /** An operation name (`ListSecretVersions`, `KeystoneCreateUserTokenByPassword`, ...) or `*` for all. */
  operation: z.string().min(1).default('*'),
  /** Probability per matching request, 0..1. */
  rate: z.number().min(0).max(1).default(1),
  /** Fires at most this many times, then removes itself. */
  times: z.number().int().min(1).optional(),
};

export const FaultSpecSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('latency'), latency_ms: z.number().int().min(0).max(600_000) }),
  z.object({
    ...base,
    type: z.literal('error'),
    status: z.number().int().min(400).max(599),
    error_code: z.string().min(1).max(64).optional(),
    error_msg: z.string().min(1).max(1024).optional(),
  }),
  z.object({
    ...base,
    type: z.literal('throttle'),
    retry_after: z.number().int().min(0).max(3600).default(1),
    error_code: z.string().min(1).max(64).optional(),
    error_msg: z.string().min(1).max(1024).optional(),
  }),
  z.object({ ...base, type: z.literal('drop') }),
  z.object({ ...base, type: z.literal('hang') }),
  z.object({ ...base, type: z.literal('reset_after') }),
  z.object({
    ...base,
    type: z.literal('inject'),
    /** Dot paths (`*` = every array element) to values, e.g. `{"version_metadatas.*.secret_string": "x"}`. */
    set: z.record(z.string().min(1), z.unknown()),
  }),
]);

export type FaultSpec = z.input<typeof FaultSpecSchema>;
export type Fault = z.output<typeof FaultSpecSchema> & { id: string; fired: number };
export type TerminalFault = Extract<Fault, { type: 'error' | 'throttle' | 'drop' | 'hang' }>;
type InjectFault = Extract<Fault, { type: 'inject' }>;

export interface FaultDecision {
  latencyMs: number;
  terminal: TerminalFault | undefined;
  /** Handle the request, then reset the connection instead of answering. */
  resetAfter: boolean;
  /** Field settings for a successful answer. */
  inject: Array<InjectFault['set']>;
  /** Ids of the faults that fired, for the request log. */
  fired: string[];
}

export const NO_FAULTS: FaultDecision = {
  latencyMs: 0,
  terminal: undefined,
  resetAfter: false,
  inject: [],
  fired: [],
};

const isTerminal = (fault: Fault): fault is TerminalFault =>
  fault.type === 'error' || fault.type === 'throttle' || fault.type === 'drop' || fault.type === 'hang';

export class FaultRegistry {
  private faults: Fault[] = [];
  private nextId = 1;

  constructor(private readonly random: () => number = Math.random) {}

  get size(): number {
    return this.faults.length;
  }

  /** Validates and adds; throws a ZodError on a bad spec. */
  add(spec: unknown): Fault {
    const fault: Fault = { ...FaultSpecSchema.parse(spec), id: `fault-${this.nextId++}`, fired: 0 };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  decide(operation: string): FaultDecision {
    if (this.faults.length === 0) return NO_FAULTS;
    const decision: FaultDecision = {
      latencyMs: 0,
      terminal: undefined,
      resetAfter: false,
      inject: [],
      fired: [],
    };
    for (const fault of this.faults) {
      if (fault.operation !== '*' && fault.operation !== operation) continue;
      if (isTerminal(fault) && decision.terminal) continue;
      if (fault.rate < 1 && this.random() >= fault.rate) continue;
      fault.fired++;
      decision.fired.push(fault.id);
      if (fault.type === 'latency') decision.latencyMs += fault.latency_ms;
      else if (fault.type === 'reset_after') decision.resetAfter = true;
      else if (fault.type === 'inject') decision.inject.push(fault.set);
      else decision.terminal = fault;
    }
    this.faults = this.faults.filter((f) => f.times === undefined || f.fired < f.times);
    return decision.fired.length === 0 ? NO_FAULTS : decision;
  }
}

/** Sets `path` (dot separated, `*` = every element or value) to `value` inside a JSON answer. */
export function injectField(target: unknown, path: string, value: unknown): void {
  const [head, ...rest] = path.split('.');
  if (head === undefined || typeof target !== 'object' || target === null) return;
  if (head === '*') {
    const children: unknown[] = Array.isArray(target) ? target : Object.values(target);
    for (const child of children) if (rest.length > 0) injectField(child, rest.join('.'), value);
    return;
  }
  const record = target as Record<string, unknown>;
  if (rest.length === 0)
    Object.defineProperty(record, head, { value, enumerable: true, writable: true, configurable: true });
  else injectField(Object.hasOwn(record, head) ? record[head] : undefined, rest.join('.'), value);
}

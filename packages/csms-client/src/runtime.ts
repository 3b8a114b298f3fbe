/**
 * The clock, sleep and randomness the transport and token provider use, injectable so that tests are fast and
 * deterministic (a fake clock, a sleep that records its delays, a fixed random).
 */
export interface Runtime {
  /** Epoch milliseconds. */
  now: () => number;
  /** Resolves after `ms`; rejects with the signal's reason when `signal` aborts first. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform in [0, 1). */
  random: () => number;
}

function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

export const systemRuntime: Runtime = {
  now: () => Date.now(),
  sleep: realSleep,
  random: () => Math.random(),
};

export function resolveRuntime(partial: Partial<Runtime> | undefined): Runtime {
  return {
    now: partial?.now ?? systemRuntime.now,
    sleep: partial?.sleep ?? systemRuntime.sleep,
    random: partial?.random ?? systemRuntime.random,
  };
}

/**
 * One AbortController per upstream call, fired by the caller's signal or by shutdown. Kept explicit (rather
 * than `AbortSignal.any` on a process-long shutdown signal) so that nothing accumulates listeners or
 * dependants on a long-lived signal: each call's listener is removed when the call ends.
 */
export class CallSignals {
  readonly #live = new Set<AbortController>();
  #closedWith: unknown = undefined;
  #closed = false;

  get closed(): boolean {
    return this.#closed;
  }

  /** The signal of a new call, and `release` to run when the call has ended. */
  open(caller: AbortSignal | undefined): { signal: AbortSignal; release: () => void } {
    const controller = new AbortController();
    const onAbort = () => controller.abort(caller?.reason);
    if (this.#closed) controller.abort(this.#closedWith);
    else if (caller?.aborted) onAbort();
    else caller?.addEventListener('abort', onAbort, { once: true });
    this.#live.add(controller);
    return {
      signal: controller.signal,
      release: () => {
        caller?.removeEventListener('abort', onAbort);
        this.#live.delete(controller);
      },
    };
  }

  /** Aborts every live call with `reason`; calls opened later start aborted. */
  closeAll(reason: unknown): void {
    this.#closed = true;
    this.#closedWith = reason;
    for (const controller of this.#live) controller.abort(reason);
  }
}

/**
 * Runs sibling CSMS calls of one request together. When one fails, the others are aborted at once, so a 404
 * on ShowSecret does not leave ListSecretVersions holding a bulkhead slot after the answer has gone out.
 */
export async function together<T extends readonly unknown[]>(
  parent: AbortSignal,
  start: (signal: AbortSignal) => { [K in keyof T]: Promise<T[K]> },
): Promise<T> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) onAbort();
  else parent.addEventListener('abort', onAbort, { once: true });
  const calls = start(controller.signal);
  try {
    return (await Promise.all(
      calls.map((call: Promise<unknown>) =>
        call.catch((error: unknown) => {
          controller.abort(error);
          throw error;
        }),
      ),
    )) as unknown as T;
  } finally {
    parent.removeEventListener('abort', onAbort);
    // Settle the siblings before answering, so none outlives the request.
    await Promise.allSettled(calls);
  }
}

/**
 * A read the user is waiting for that has not answered after about 3 s (a slow CSMS: its calls can take up to
 * 30 s before the BFF gives up) says so and offers Cancel and Retry, instead of "Loading…" with no way out.
 * Cancel aborts the request (react-query's AbortSignal reaches `fetch`, lib/api-client.ts) and leaves a
 * clear "cancelled" state with Retry; Retry drops the pending request and starts a new one.
 *
 * Only a read whose answer the user is waiting for counts: no data yet, or placeholder data while another
 * page or filter loads. A background refresh of what is already on screen never raises it.
 */
import { hashKey, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

/** How long a read may take before the page says CSMS is slow. */
export const SLOW_READ_MS = 3_000;

export type SlowRead =
  /** Still waiting after SLOW_READ_MS; `cancel` aborts the request. */
  | { kind: 'slow'; cancel: () => void }
  /** The user cancelled: nothing is loading until Retry. */
  | { kind: 'cancelled' };

export interface SlowReadState {
  fetchStatus: 'fetching' | 'paused' | 'idle';
  data?: unknown;
  isPlaceholderData?: boolean;
  isError: boolean;
  dataUpdatedAt?: number;
  errorUpdatedAt?: number;
}

/**
 * The slow or cancelled state of a query on screen, and `restart()` for its Retry (the caller refetches).
 * Each fetch is told apart by the query's key, the answers it has had and the user's cancels and retries,
 * so a state never outlives the fetch it was about.
 */
export function useSlowRead(
  query: SlowReadState,
  queryKey: QueryKey,
): { hold: SlowRead | null; restart: () => void } {
  const queryClient = useQueryClient();
  const [attempt, setAttempt] = useState(0);
  const [slowFor, setSlowFor] = useState<string | null>(null);
  const [cancelledFor, setCancelledFor] = useState<string | null>(null);
  const awaited = query.data === undefined || query.isPlaceholderData === true;
  const waiting = query.fetchStatus === 'fetching' && awaited;
  const fetchId = (n: number) =>
    [hashKey(queryKey), n, query.dataUpdatedAt ?? 0, query.errorUpdatedAt ?? 0].join('#');
  const current = fetchId(attempt);

  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(() => setSlowFor(current), SLOW_READ_MS);
    return () => clearTimeout(timer);
  }, [waiting, current]);

  const cancel = () => {
    setAttempt(attempt + 1);
    setCancelledFor(fetchId(attempt + 1));
    void queryClient.cancelQueries({ queryKey, exact: true });
  };
  const restart = () => setAttempt((n) => n + 1);

  let hold: SlowRead | null = null;
  if (waiting && slowFor === current) hold = { kind: 'slow', cancel };
  else if (cancelledFor === current && query.fetchStatus === 'idle' && awaited && !query.isError)
    hold = { kind: 'cancelled' };
  return { hold, restart };
}

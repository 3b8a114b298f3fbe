/**
 * One QueryClient for the app. Reads retry a 429/503 after the server's `Retry-After`, a bounded number of
 * times (lib/retry-wait.ts); other failures once, and never an answer that will not change by retrying (any
 * other 4xx: not found, forbidden, signed out). Writes never retry on their own (the user decides).
 */
import { QueryClient } from '@tanstack/react-query';
import { readRetryDelay, shouldRetryRead } from './retry-wait';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: true,
        retry: shouldRetryRead,
        retryDelay: readRetryDelay,
      },
      mutations: { retry: false },
    },
  });
}

import {
  apiPaths,
  SessionTimesSchema,
  SessionUserSchema,
  type LoginInput,
  type SessionTimes,
} from '@csms-console/api-contract';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { isTemporaryError } from '../../../lib/api-client';
import { recordServerTime } from '../../../lib/clock';
import { shouldRetryRead } from '../../../lib/retry-wait';
import { clearSessionDeadline, recordSessionTimes } from '../utils/session-deadline';

/**
 * Every answer with the session's times carries the BFF's clock: "now" in the UI follows it (lib/clock.ts),
 * and the idle warning counts down to the session's end (utils/session-deadline.ts).
 */
function withSessionTimes<T extends SessionTimes>(times: T): T {
  recordServerTime(times.server_time);
  recordSessionTimes(times);
  return times;
}

export const sessionQueries = {
  all: () => ['session'] as const,
  user: () =>
    queryOptions({
      queryKey: [...sessionQueries.all(), 'user'] as const,
      queryFn: async ({ signal }) =>
        withSessionTimes(await api.get(apiPaths.user(), SessionUserSchema, { signal, quietAuth: true })),
      staleTime: 60_000,
      // A 401 must reach the guard at once; only a 429/503 is worth waiting for (after its Retry-After).
      retry: (failureCount, error) => isTemporaryError(error) && shouldRetryRead(failureCount, error),
    }),
};

/**
 * How long the session has, as the server sees it now (another tab may have used it), without extending
 * it. A 401 is announced: the session is over, and the app goes to sign in.
 */
export async function checkSession(): Promise<SessionTimes> {
  return withSessionTimes(await api.get(apiPaths.session(), SessionTimesSchema, { touchesSession: false }));
}

/** "Stay signed in": a request that counts as use, answering the session's new times. */
export function useKeepAlive() {
  return useMutation({
    mutationFn: async () => withSessionTimes(await api.post(apiPaths.keepalive(), SessionTimesSchema)),
  });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: LoginInput) =>
      withSessionTimes(await api.post(apiPaths.login(), SessionUserSchema, { body: input, quietAuth: true })),
    onSuccess: (user) => {
      // A new session: nothing cached under the previous one may leak into it.
      queryClient.clear();
      queryClient.setQueryData(sessionQueries.user().queryKey, user);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post(apiPaths.logout(), null, { quietAuth: true }),
    onSettled: () => {
      clearSessionDeadline();
      queryClient.clear();
    },
  });
}

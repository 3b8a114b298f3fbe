import { apiPaths, SessionUserSchema, type LoginInput, type SessionUser } from '@csms-console/api-contract';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { isTemporaryError } from '../../../lib/api-client';
import { recordServerTime } from '../../../lib/clock';
import { shouldRetryRead } from '../../../lib/retry-wait';

/** Every SessionUser answer carries the BFF's clock; "now" in the UI follows it (lib/clock.ts). */
function withServerTime(user: SessionUser): SessionUser {
  recordServerTime(user.server_time);
  return user;
}

export const sessionQueries = {
  all: () => ['session'] as const,
  user: () =>
    queryOptions({
      queryKey: [...sessionQueries.all(), 'user'] as const,
      queryFn: async ({ signal }) =>
        withServerTime(await api.get(apiPaths.user(), SessionUserSchema, { signal, quietAuth: true })),
      staleTime: 60_000,
      // A 401 must reach the guard at once; only a 429/503 is worth waiting for (after its Retry-After).
      retry: (failureCount, error) => isTemporaryError(error) && shouldRetryRead(failureCount, error),
    }),
};

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: LoginInput) =>
      withServerTime(await api.post(apiPaths.login(), SessionUserSchema, { body: input, quietAuth: true })),
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
    onSettled: () => queryClient.clear(),
  });
}

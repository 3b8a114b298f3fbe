import { apiPaths, SecretDetailSchema } from '@csms-console/api-contract';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { recordServerTime } from '../../../lib/clock';

/** One secret with its versions and notification status, as the secret page reads it. */
export const secretQueries = {
  all: () => ['secret'] as const,
  detail: (account: string, secret: string) =>
    queryOptions({
      queryKey: [...secretQueries.all(), account, secret] as const,
      queryFn: async ({ signal }) => {
        const detail = await api.get(apiPaths.secret(account, secret), SecretDetailSchema, { signal });
        recordServerTime(detail.server_time);
        return detail;
      },
    }),
};

import { AccountListSchema, apiPaths } from '@csms-console/api-contract';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

export const accountQueries = {
  all: () => ['accounts'] as const,
  list: () =>
    queryOptions({
      queryKey: [...accountQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => api.get(apiPaths.accounts(), AccountListSchema, { signal }),
      staleTime: 5 * 60_000,
    }),
};

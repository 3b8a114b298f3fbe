import { apiPaths, SecretListSchema, type SecretListQuery } from '@csms-console/api-contract';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

function listPath(account: string, query: SecretListQuery): string {
  const search = new URLSearchParams();
  if (query.limit !== undefined) search.set('limit', String(query.limit));
  if (query.marker !== undefined) search.set('marker', query.marker);
  if (query.name !== undefined) search.set('name', query.name);
  if (query.state !== undefined) search.set('state', query.state);
  const qs = search.toString();
  return qs ? `${apiPaths.secrets(account)}?${qs}` : apiPaths.secrets(account);
}

export const secretListQueries = {
  all: () => ['secrets'] as const,
  lists: (account: string) => [...secretListQueries.all(), account, 'list'] as const,
  list: (account: string, query: SecretListQuery) =>
    queryOptions({
      queryKey: [...secretListQueries.lists(account), query] as const,
      queryFn: ({ signal }) => api.get(listPath(account, query), SecretListSchema, { signal }),
      // Keep the page on screen while the next one loads; the table says it is busy meanwhile.
      placeholderData: keepPreviousData,
      staleTime: 30_000,
    }),
};

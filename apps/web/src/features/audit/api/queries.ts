import {
  apiPaths,
  AuditEventsPageSchema,
  AuditVerifySchema,
  OutsideChangesSchema,
} from '@csms-console/api-contract';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

/** Events per page: enough to read a batch at once, small enough to answer fast. */
export const PAGE_SIZE = 50;
/** How often an outside-changes answer is asked again while the scan behind it is still running. */
export const SCAN_POLL_MS = 2_000;
/** How often it is asked again while that scan stopped before listing every secret. */
export const STOPPED_SCAN_POLL_MS = 30_000;

const withQuery = (path: string, query: Record<string, string>) => {
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
};

/** The CSV of a filter: the same query as the page, without paging. */
export const exportPath = (filter: Record<string, string>) => withQuery(apiPaths.auditEventsExport(), filter);

export const auditQueries = {
  all: () => ['audit'] as const,
  /** `GET /api/audit/events`, newest first, older pages by `next_cursor`. */
  events: (filter: Record<string, string>) =>
    infiniteQueryOptions({
      queryKey: [...auditQueries.all(), 'events', filter] as const,
      queryFn: ({ pageParam, signal }) =>
        api.get(
          withQuery(apiPaths.auditEvents(), {
            ...filter,
            limit: String(PAGE_SIZE),
            ...(pageParam ? { cursor: pageParam } : {}),
          }),
          AuditEventsPageSchema,
          { signal },
        ),
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.next_cursor,
      // A page read stays true, and a refetch on focus would move rows under the reader; but the log grows
      // (a change saved a minute ago, a pending one settled), so coming back to the page reads it again.
      refetchOnWindowFocus: false,
      refetchOnMount: 'always',
    }),
  /** `GET /api/audit/verify`: walks the whole chain, so only on opening the page and on "Verify now". */
  verify: () =>
    queryOptions({
      queryKey: [...auditQueries.all(), 'verify'] as const,
      queryFn: ({ signal }) => api.get(apiPaths.auditVerify(), AuditVerifySchema, { signal }),
      staleTime: Infinity,
      refetchOnWindowFocus: false,
    }),
  /** `GET /api/accounts/:account/outside-changes`, asked again while its scan is still running. */
  outside: (account: string) =>
    queryOptions({
      queryKey: [...auditQueries.all(), 'outside', account] as const,
      queryFn: ({ signal }) => api.get(apiPaths.outsideChanges(account), OutsideChangesSchema, { signal }),
      // The BFF starts a scan when there is none or it is stale; ask again until the answer is complete. A
      // scan that stopped (its listing failed) is retried by the BFF after a while, not at once: ask slowly.
      refetchInterval: (query) =>
        query.state.data?.complete !== false
          ? false
          : query.state.data.listing_error
            ? STOPPED_SCAN_POLL_MS
            : SCAN_POLL_MS,
      staleTime: 30_000,
    }),
};

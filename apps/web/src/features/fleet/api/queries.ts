import { apiPaths, FleetExpirySchema } from '@csms-console/api-contract';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { recordServerTime } from '../../../lib/clock';

/** How often the board asks again while the BFF's scan is still running (`complete: false`). */
export const SCAN_POLL_MS = 2_000;

/**
 * `GET .../expiry?within=all`: every version of the account with its bucket, from the BFF's shared scan. The
 * board wants every version (`none` included) so its counts and filters are complete; while the scan is
 * still running the answer is partial and the query asks again every 2 s until it is complete.
 */
export const fleetQueries = {
  all: () => ['fleet'] as const,
  expiry: (account: string) =>
    queryOptions({
      queryKey: [...fleetQueries.all(), account, 'expiry'] as const,
      queryFn: async ({ signal }) => {
        const answer = await api.get(`${apiPaths.expiry(account)}?within=all`, FleetExpirySchema, {
          signal,
        });
        recordServerTime(answer.server_time);
        return answer;
      },
      refetchInterval: (query) => (query.state.data?.complete === false ? SCAN_POLL_MS : false),
      staleTime: 30_000,
    }),
};

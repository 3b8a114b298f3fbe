import {
  apiPaths,
  BatchCreatedSchema,
  BatchDryRunSchema,
  BatchSchema,
  CreateBatchInputSchema,
  RetryBatchInputSchema,
  type CreateBatchInput,
} from '@csms-console/api-contract';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { fleetQueries } from './queries';

/** How often a running batch's status is read. */
export const BATCH_POLL_MS = 1_000;

/** `GET .../expiry-batches/:id`, read again every second while the batch is `running`. */
export const batchQueries = {
  all: () => ['expiry-batch'] as const,
  status: (account: string, id: string) =>
    queryOptions({
      queryKey: [...batchQueries.all(), account, id] as const,
      queryFn: ({ signal }) => api.get(apiPaths.batch(account, id), BatchSchema, { signal }),
      refetchInterval: (query) => (query.state.data?.state === 'done' ? false : BATCH_POLL_MS),
    }),
};

/**
 * `POST .../expiry-batches?dry_run=1`: what each item would do now (the role's policy, the secret's state,
 * the expiry CSMS holds), nothing written. The preview marks refused items before anything is sent.
 */
export function useBatchDryRun(account: string) {
  return useMutation({
    mutationFn: (input: CreateBatchInput) =>
      api.post(`${apiPaths.batches(account)}?dry_run=1`, BatchDryRunSchema, {
        body: CreateBatchInputSchema.parse(input),
      }),
  });
}

/** Whatever a batch settles to, the scan's buckets no longer hold: read the fleet again once it is done. */
export function useRefreshFleet(account: string) {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: fleetQueries.expiry(account).queryKey });
}

/** `POST .../expiry-batches`: 202 `{ id }`; the items are then applied in the background. */
export function useCreateBatch(account: string) {
  return useMutation({
    mutationFn: (input: CreateBatchInput) =>
      api.post(apiPaths.batches(account), BatchCreatedSchema, { body: CreateBatchInputSchema.parse(input) }),
  });
}

/** `POST .../expiry-batches/:id/retry`: one new batch of the failed and conflicting items. */
export function useRetryBatch(account: string) {
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason?: string }) =>
      api.post(apiPaths.batchRetry(account, id), BatchCreatedSchema, {
        body: RetryBatchInputSchema.parse(reason ? { reason } : {}),
      }),
  });
}

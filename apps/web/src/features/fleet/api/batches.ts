import {
  apiPaths,
  BatchCreatedSchema,
  BatchDryRunSchema,
  BatchSchema,
  CreateBatchInputSchema,
  RetryBatchInputSchema,
  type BatchDryRun,
  type BatchItemInput,
} from '@csms-console/api-contract';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, isApiError } from '../../../lib/api-client';
import type { BatchChunk } from '../utils/extend-plan';
import { fleetQueries } from './queries';

/** How often a running batch's status is read. */
export const BATCH_POLL_MS = 1_000;

/**
 * A status read that will never succeed: the batch is gone or not this user's (404, 403). Polling stops, and
 * the batch counts as ended; anything else (a 503, a lost connection) is asked again at the next poll.
 */
export const isUnreadable = (error: unknown) =>
  isApiError(error) && (error.status === 404 || error.status === 403);

/** `GET .../expiry-batches/:id`, read again every second while the batch is `running`. */
export const batchQueries = {
  all: () => ['expiry-batch'] as const,
  status: (account: string, id: string) =>
    queryOptions({
      queryKey: [...batchQueries.all(), account, id] as const,
      queryFn: ({ signal }) => api.get(apiPaths.batch(account, id), BatchSchema, { signal }),
      refetchInterval: (query) =>
        query.state.data?.state === 'done' || isUnreadable(query.state.error) ? false : BATCH_POLL_MS,
    }),
};

/** A batch started for one account. */
export interface StartedBatch {
  account: string;
  id: string;
}

/** A chunk the BFF refused as a whole (nothing of it was started or checked), and why. */
export interface RefusedChunk {
  account: string;
  count: number;
  error: unknown;
}

/** The dry run of one chunk: the BFF's answer, or why the chunk could not be checked. */
export type ChunkPreview =
  | { account: string; items: BatchItemInput[]; answer: BatchDryRun; error?: undefined }
  | { account: string; items: BatchItemInput[]; answer?: undefined; error: unknown };

interface ChunksInput {
  reason?: string;
  chunks: BatchChunk<BatchItemInput>[];
}

const withReason = (reason: string | undefined) => (reason ? { reason } : {});

/**
 * `POST .../expiry-batches?dry_run=1` per chunk (one account, at most MAX_BATCH_ITEMS items each, see
 * utils/extend-plan.ts), one after the other: what each item would do now (the role's policy, the secret's
 * state, the expiry CSMS holds), nothing written. A chunk whose dry run fails is reported, the others still
 * answer; the preview marks refused items before anything is sent.
 */
export function useBatchDryRun() {
  return useMutation({
    mutationFn: async ({ reason, chunks }: ChunksInput): Promise<ChunkPreview[]> => {
      const previews: ChunkPreview[] = [];
      for (const { account, items } of chunks) {
        try {
          const answer = await api.post(`${apiPaths.batches(account)}?dry_run=1`, BatchDryRunSchema, {
            body: CreateBatchInputSchema.parse({ ...withReason(reason), items }),
          });
          previews.push({ account, items, answer });
        } catch (error) {
          previews.push({ account, items, error });
        }
      }
      return previews;
    },
  });
}

/** Whatever a batch settles to, the scan's buckets no longer hold: read those accounts' fleet again. */
export function useRefreshFleet() {
  const queryClient = useQueryClient();
  return useCallback(
    (accounts: readonly string[]) => {
      for (const account of new Set(accounts)) {
        void queryClient.invalidateQueries({ queryKey: fleetQueries.expiry(account).queryKey });
      }
    },
    [queryClient],
  );
}

/**
 * `POST .../expiry-batches` per chunk, one after the other (each answers 202 `{ id }` and is then applied in
 * the background). A chunk the BFF refuses as a whole is reported with its account; the others still go.
 */
export function useStartBatches() {
  return useMutation({
    mutationFn: async ({ reason, chunks }: ChunksInput) => {
      const started: StartedBatch[] = [];
      const refused: RefusedChunk[] = [];
      for (const { account, items } of chunks) {
        try {
          const created = await api.post(apiPaths.batches(account), BatchCreatedSchema, {
            body: CreateBatchInputSchema.parse({ ...withReason(reason), items }),
          });
          started.push({ account, id: created.id });
        } catch (error) {
          refused.push({ account, count: items.length, error });
        }
      }
      return { started, refused };
    },
  });
}

/**
 * "Retry the failed ones" across batches: `POST .../expiry-batches/:id/retry` once per batch that has failed
 * or conflicting items (each makes one new batch of them). A batch whose retry is refused keeps its place
 * and is reported; the others are replaced by their retry.
 */
export function useRetryBatches() {
  return useMutation({
    mutationFn: async ({ batches, reason }: { batches: StartedBatch[]; reason?: string }) => {
      const retried: { from: StartedBatch; to: StartedBatch }[] = [];
      const refused: { batch: StartedBatch; error: unknown }[] = [];
      for (const batch of batches) {
        try {
          const created = await api.post(apiPaths.batchRetry(batch.account, batch.id), BatchCreatedSchema, {
            body: RetryBatchInputSchema.parse(withReason(reason)),
          });
          retried.push({ from: batch, to: { account: batch.account, id: created.id } });
        } catch (error) {
          refused.push({ batch, error });
        }
      }
      return { retried, refused };
    },
  });
}

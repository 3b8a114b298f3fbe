/**
 * The notification settings and the delivery log, as react-query options (one factory, keys from general to
 * specific), and the admin's writes. Every write refreshes the whole `notify` prefix: a rule names channels,
 * a channel's test adds a delivery and changes its health, so a narrower refresh would leave something stale.
 */
import {
  apiPaths,
  ChannelInputSchema,
  ChannelListSchema,
  ChannelSchema,
  ChannelTestResultSchema,
  DeliveryDetailSchema,
  DeliveryListSchema,
  NotifyEvaluateResultSchema,
  NotifyStatusSchema,
  RuleInputSchema,
  RuleListSchema,
  RuleSchema,
  type ChannelInput,
  type DeliveryStatus,
  type RuleInput,
} from '@csms-console/api-contract';
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

/** Deliveries per page of the log. */
export const LOG_PAGE_SIZE = 50;
/** How often the log is read again while the page is visible (react-query pauses it in a hidden tab). */
export const LOG_POLL_MS = 15_000;
/** How often the scheduler's status is read again while the page is visible (its "ago" and staleness move). */
export const STATUS_POLL_MS = 60_000;

export interface DeliveryFilter {
  channel?: string;
  status?: DeliveryStatus;
}

const withQuery = (path: string, query: Record<string, string>) => {
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
};

export const notifyQueries = {
  all: () => ['notify'] as const,
  rules: () =>
    queryOptions({
      queryKey: [...notifyQueries.all(), 'rules'] as const,
      queryFn: ({ signal }) => api.get(apiPaths.notifyRules(), RuleListSchema, { signal }),
    }),
  channels: () =>
    queryOptions({
      queryKey: [...notifyQueries.all(), 'channels'] as const,
      queryFn: ({ signal }) => api.get(apiPaths.notifyChannels(), ChannelListSchema, { signal }),
    }),
  /** `GET /api/notifications/deliveries`, newest first, older pages by `next_cursor`; polled while visible. */
  deliveries: (filter: DeliveryFilter) =>
    infiniteQueryOptions({
      queryKey: [...notifyQueries.deliveryLists(), filter] as const,
      queryFn: ({ pageParam, signal }) =>
        api.get(
          withQuery(apiPaths.notifyDeliveries(), {
            ...(filter.channel ? { channel: filter.channel } : {}),
            ...(filter.status ? { status: filter.status } : {}),
            limit: String(LOG_PAGE_SIZE),
            ...(pageParam ? { cursor: pageParam } : {}),
          }),
          DeliveryListSchema,
          { signal },
        ),
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.next_cursor,
      refetchInterval: LOG_POLL_MS,
    }),
  /** The log's pages under every filter: what a finished evaluation refreshes. */
  deliveryLists: () => [...notifyQueries.all(), 'deliveries'] as const,
  /** `GET /api/notifications/status`: the last evaluation, the last good one, the next scheduled slot. */
  status: () =>
    queryOptions({
      queryKey: [...notifyQueries.all(), 'status'] as const,
      queryFn: ({ signal }) => api.get(apiPaths.notifyStatus(), NotifyStatusSchema, { signal }),
      refetchInterval: STATUS_POLL_MS,
    }),
  /** `GET /api/notifications/deliveries/:id`: one delivery and the version warnings it carried. */
  delivery: (id: string) =>
    queryOptions({
      queryKey: [...notifyQueries.all(), 'delivery', id] as const,
      queryFn: ({ signal }) => api.get(apiPaths.notifyDelivery(id), DeliveryDetailSchema, { signal }),
    }),
};

function useRefreshNotify() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: notifyQueries.all() });
}

/** Create (`id` null) or replace a rule. */
export function useSaveRule() {
  const refresh = useRefreshNotify();
  return useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: RuleInput }) => {
      const body = RuleInputSchema.parse(input);
      return id === null
        ? api.post(apiPaths.notifyRules(), RuleSchema, { body })
        : api.put(apiPaths.notifyRule(id), RuleSchema, { body });
    },
    onSettled: refresh,
  });
}

/** Create (`id` null) or change a channel; a credential left out keeps its stored value. */
export function useSaveChannel() {
  const refresh = useRefreshNotify();
  return useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: ChannelInput }) => {
      const body = ChannelInputSchema.parse(input);
      return id === null
        ? api.post(apiPaths.notifyChannels(), ChannelSchema, { body })
        : api.put(apiPaths.notifyChannel(id), ChannelSchema, { body });
    },
    onSettled: refresh,
  });
}

export function useDeleteNotify() {
  const refresh = useRefreshNotify();
  return useMutation({
    mutationFn: ({ what, id }: { what: 'rule' | 'channel'; id: string }) =>
      api.delete(what === 'rule' ? apiPaths.notifyRule(id) : apiPaths.notifyChannel(id)),
    onSettled: refresh,
  });
}

/** "Send test": one attempt now; the answer is the delivery as recorded in the log. */
export function useTestChannel() {
  const refresh = useRefreshNotify();
  return useMutation({
    mutationFn: (id: string) => api.post(apiPaths.notifyChannelTest(id), ChannelTestResultSchema),
    onSettled: refresh,
  });
}

/**
 * "Check now" (admin): queues an evaluation (202). The status is read again at once; the caller polls it until
 * the evaluation is recorded (components/scheduler-status.tsx).
 */
export function useCheckNow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post(apiPaths.notifyEvaluate(), NotifyEvaluateResultSchema),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notifyQueries.status().queryKey }),
  });
}

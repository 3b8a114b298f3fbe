import type { ExpiryPolicy } from '@csms-console/api-contract';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { useNow } from '../../../lib/clock';
import { useZone } from '../../../lib/zone';
import { useRefreshFleet } from '../api/batches';
import { fleetQueries } from '../api/queries';
import {
  boardSearch,
  countBuckets,
  filterItems,
  itemKey,
  parseBoardParams,
  type BoardParams,
} from '../utils/board-params';
import { compareSeverity } from '../utils/severity';
import { BucketCounts } from './bucket-counts';
import { ExpiryTimeline } from './expiry-timeline';
import { ExtendDialog } from './extend-dialog';
import { FleetFilters } from './fleet-filters';
import { FleetTable } from './fleet-table';
import { ScanNotice } from './scan-notice';

/**
 * The fleet board: counts per bucket, filters, and every version of the account most severe first. Its
 * state is the URL (utils/board-params.ts); the selection is not (it is a working set, not an address).
 * A role that can change expiries selects versions and extends them (ExtendDialog); others see no controls.
 */
export function FleetBoard({ account, policy }: { account: string; policy: ExpiryPolicy | undefined }) {
  const [search, setSearch] = useSearchParams();
  const params = useMemo(() => parseBoardParams(search), [search]);
  const scan = useQuery(fleetQueries.expiry(account));
  const now = useNow();
  const { zone } = useZone();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [extending, setExtending] = useState(false);
  const refreshFleet = useRefreshFleet(account);
  const closeExtend = useCallback(() => setExtending(false), []);
  const batchDone = useCallback(() => {
    setSelected(new Set());
    refreshFleet();
  }, [refreshFleet]);

  // The router renders a navigation as a transition, so a second filter change can come before the first
  // is rendered: build each change on the last one asked for, not on the URL last rendered.
  const pending = useRef<URLSearchParams | null>(null);
  useEffect(() => {
    if (pending.current?.toString() === search.toString()) pending.current = null;
  }, [search]);
  const update = useCallback(
    (next: Partial<BoardParams>) => {
      const target = boardSearch({ ...parseBoardParams(pending.current ?? search), ...next });
      pending.current = target;
      setSearch(target, { replace: true });
    },
    [search, setSearch],
  );
  const all = scan.data?.items;
  const sorted = useMemo(() => (all ? [...all].sort(compareSeverity) : []), [all]);
  // The counts and the timeline follow every filter but the bucket one (the counts are its toggles).
  const unbucketed = useMemo(() => filterItems(sorted, params, { ignoreBuckets: true }), [sorted, params]);
  const counted = useMemo(() => countBuckets(unbucketed), [unbucketed]);
  const shown = useMemo(() => filterItems(sorted, params), [sorted, params]);
  const selectedItems = useMemo(() => sorted.filter((i) => selected.has(itemKey(i))), [sorted, selected]);
  const canEdit = policy?.can_edit === true;

  if (scan.isPending) return <p role="status">Loading the fleet…</p>;
  if (scan.isError) return <ErrorNotice error={scan.error} />;

  return (
    <div className="fleet-board">
      <ScanNotice scan={scan.data} />
      <BucketCounts
        counts={counted}
        active={params.buckets}
        onToggle={(bucket) =>
          update({
            buckets: params.buckets.includes(bucket)
              ? params.buckets.filter((b) => b !== bucket)
              : [...params.buckets, bucket],
          })
        }
      />
      <ExpiryTimeline items={unbucketed} now={now} />
      <FleetFilters params={params} onChange={update} />
      {canEdit ? (
        <div className="fleet-actions">
          <span role="status">{selectedItems.length} selected</span>
          <button
            type="button"
            className="button primary"
            disabled={selectedItems.length === 0}
            onClick={() => setExtending(true)}
          >
            Extend selected
          </button>
        </div>
      ) : null}
      {extending && policy ? (
        <ExtendDialog
          account={account}
          items={selectedItems}
          policy={policy}
          now={now}
          zone={zone}
          onClose={closeExtend}
          onDone={batchDone}
        />
      ) : null}
      <FleetTable
        account={account}
        items={shown}
        sort={params.sort}
        onSort={(sort) => update({ sort })}
        zone={zone}
        now={now}
        selection={
          canEdit
            ? {
                selected,
                toggle: (item) =>
                  setSelected((prev) => {
                    const next = new Set(prev);
                    const key = itemKey(item);
                    if (!next.delete(key)) next.add(key);
                    return next;
                  }),
                setAll: (items, on) =>
                  setSelected((prev) => {
                    const next = new Set(prev);
                    for (const item of items) {
                      if (on) next.add(itemKey(item));
                      else next.delete(itemKey(item));
                    }
                    return next;
                  }),
              }
            : null
        }
      />
    </div>
  );
}

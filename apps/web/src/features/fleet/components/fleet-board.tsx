import type { ExpiryPolicy, FleetItem } from '@csms-console/api-contract';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { useNow } from '../../../lib/clock';
import { useZone } from '../../../lib/zone';
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
import { FleetFilters } from './fleet-filters';
import { FleetTable } from './fleet-table';
import { ScanNotice } from './scan-notice';

export interface BoardSlot {
  selected: FleetItem[];
  clear: () => void;
}

/**
 * The fleet board: counts per bucket, filters, and every version of the account most severe first. Its
 * state is the URL (utils/board-params.ts); the selection is not (it is a working set, not an address).
 * `renderActions` is where app/ plugs in "Extend selected" for a role that can change expiries.
 */
export function FleetBoard({
  account,
  policy,
  renderActions,
  chart,
}: {
  account: string;
  policy: ExpiryPolicy | undefined;
  renderActions?: (slot: BoardSlot) => ReactNode;
  chart?: ReactNode;
}) {
  const [search, setSearch] = useSearchParams();
  const params = useMemo(() => parseBoardParams(search), [search]);
  const scan = useQuery(fleetQueries.expiry(account));
  const now = useNow();
  const { zone } = useZone();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());

  const update = useCallback(
    (next: Partial<BoardParams>) => setSearch(boardSearch({ ...params, ...next }), { replace: true }),
    [params, setSearch],
  );
  const all = scan.data?.items;
  const sorted = useMemo(() => (all ? [...all].sort(compareSeverity) : []), [all]);
  const counted = useMemo(
    () => countBuckets(filterItems(sorted, params, { ignoreBuckets: true })),
    [sorted, params],
  );
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
      {chart}
      <FleetFilters params={params} onChange={update} />
      {canEdit && renderActions ? (
        <div className="fleet-actions">
          <span role="status">{selectedItems.length} selected</span>
          {renderActions({ selected: selectedItems, clear: () => setSelected(new Set()) })}
        </div>
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

import type { ExpiryPolicy, FleetExpiry } from '@csms-console/api-contract';
import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useNow } from '../../../lib/clock';
import { t } from '../../../lib/i18n';
import { useZone } from '../../../lib/zone';
import { useRefreshFleet } from '../api/batches';
import { fleetQueries } from '../api/queries';
import {
  boardSearch,
  countBuckets,
  filterItems,
  parseBoardParams,
  rowKey,
  type BoardParams,
  type FleetRow,
} from '../utils/board-params';
import { compareSeverity } from '../utils/severity';
import { BucketCounts } from './bucket-counts';
import { ExpiryTimeline } from './expiry-timeline';
import { ExtendDialog } from './extend-dialog';
import { FleetFilters } from './fleet-filters';
import { FleetTable } from './fleet-table';
import { ScanStatus } from './scan-status';
import { UntoldNotice } from './untold-notice';

/**
 * The fleet board: counts per bucket, filters, and every version of its accounts most severe first. One
 * account (`/accounts/:account/fleet`) or every configured one (`/fleet`, `allAccounts`: an Account column
 * and filter; each account's scan is fetched in parallel, and an account that cannot be read is named while
 * the others still show). Its state is the URL (utils/board-params.ts); the selection is not (it is a
 * working set, not an address). A role that can change expiries selects versions and extends them
 * (ExtendDialog); others see no controls.
 */
export function FleetBoard({
  accounts,
  allAccounts = false,
  policy,
}: {
  accounts: readonly string[];
  allAccounts?: boolean;
  policy: ExpiryPolicy | undefined;
}) {
  const [search, setSearch] = useSearchParams();
  const parsed = useMemo(() => parseBoardParams(search), [search]);
  // The account filter and column only mean something on the all-accounts board (the filter only for a
  // configured account): a shared link with either elsewhere opens without them.
  const params = useMemo(
    () => ({
      ...parsed,
      account:
        allAccounts && parsed.account && accounts.includes(parsed.account) ? parsed.account : undefined,
      sort: !allAccounts && parsed.sort?.column === 'account' ? null : parsed.sort,
    }),
    [parsed, allAccounts, accounts],
  );
  // Each account's scan in parallel; the rows (each with its account) are rebuilt only when a result changes.
  const combine = useCallback(
    (results: UseQueryResult<FleetExpiry>[]) => ({
      scans: results,
      all: results.flatMap((r, i): FleetRow[] =>
        r.data ? r.data.items.map((item) => ({ ...item, account: accounts[i]! })) : [],
      ),
    }),
    [accounts],
  );
  const { scans, all } = useQueries({ queries: accounts.map((a) => fleetQueries.expiry(a)), combine });
  const now = useNow();
  // Expiring soon with no one to tell: the BFF's count per account (over every version it read).
  const untold = scans.reduce(
    (sum, q, i) =>
      params.account === undefined || params.account === accounts[i] ? sum + (q.data?.untold ?? 0) : sum,
    0,
  );
  const { zone } = useZone();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [extending, setExtending] = useState(false);
  const refreshFleet = useRefreshFleet();
  const closeExtend = useCallback(() => setExtending(false), []);
  const batchDone = useCallback(
    (changed: string[]) => {
      setSelected(new Set());
      refreshFleet(changed);
    },
    [refreshFleet],
  );

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
  const sorted = useMemo(() => [...all].sort(compareSeverity), [all]);
  // The counts and the timeline follow every filter but the bucket one (the counts are its toggles).
  // The untold filter is judged at the clock's tick (every 30 s); without it the rows are not refiltered then.
  const untoldAt = params.untold ? now : 0;
  const unbucketed = useMemo(
    () => filterItems(sorted, params, { ignoreBuckets: true, now: untoldAt }),
    [sorted, params, untoldAt],
  );
  const counted = useMemo(() => countBuckets(unbucketed), [unbucketed]);
  const shown = useMemo(() => filterItems(sorted, params, { now: untoldAt }), [sorted, params, untoldAt]);
  const selectedItems = useMemo(() => sorted.filter((i) => selected.has(rowKey(i))), [sorted, selected]);
  const canEdit = policy?.can_edit === true;

  // Every account's board shows as soon as one account answered; the others say where they are (reading,
  // slow with Cancel and Retry, a 429/503 retried after Retry-After, or failed).
  const statuses = scans.map((q, i) => (
    <ScanStatus key={accounts[i]} account={accounts[i]!} query={q} named={allAccounts} />
  ));
  if (scans.every((q) => q.data === undefined)) return <div className="fleet-board">{statuses}</div>;

  return (
    <div className="fleet-board">
      {statuses}
      <UntoldNotice
        count={untold}
        active={params.untold}
        onToggle={() => update({ untold: !params.untold })}
      />
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
      <FleetFilters params={params} accounts={allAccounts ? accounts : null} onChange={update} />
      {canEdit ? (
        <div className="fleet-actions">
          <span role="status">{t('fleet.board.selected', { count: selectedItems.length })}</span>
          <button
            type="button"
            className="button primary"
            disabled={selectedItems.length === 0}
            onClick={() => setExtending(true)}
          >
            {t('fleet.board.extendSelected')}
          </button>
        </div>
      ) : null}
      {extending && policy ? (
        <ExtendDialog
          items={selectedItems}
          showAccount={allAccounts}
          policy={policy}
          now={now}
          zone={zone}
          onClose={closeExtend}
          onDone={batchDone}
        />
      ) : null}
      <FleetTable
        items={shown}
        showAccount={allAccounts}
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
                    const key = rowKey(item);
                    if (!next.delete(key)) next.add(key);
                    return next;
                  }),
                setAll: (items, on) =>
                  setSelected((prev) => {
                    const next = new Set(prev);
                    for (const item of items) {
                      if (on) next.add(rowKey(item));
                      else next.delete(rowKey(item));
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

import {
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type SortFn,
  type SortingState,
  type Updater,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import { Link } from 'react-router';
import { Instant } from '../../../components/ui/instant';
import { t } from '../../../lib/i18n';
import type { BoardSort, FleetRow, SortColumn } from '../utils/board-params';
import { rowKey } from '../utils/board-params';
import { CONSOLE_ORDER, NOTIFY_ORDER, secretStateLabel } from '../utils/labels';
import { compareSeverity, stageKind } from '../utils/severity';
import { usePhoneLayout } from '../utils/use-phone-layout';
import { FleetCards } from './fleet-cards';
import {
  Bucket,
  columnLabel,
  ConsoleNotifyStatus,
  historyHref,
  Notify,
  secretHrefOf,
  selectLabel,
  Stages,
  versionsCaption,
  VIRTUAL_FROM,
  type FleetSelection,
} from './fleet-row-parts';

const features = tableFeatures({ rowSortingFeature, sortedRowModel: createSortedRowModel() });
type Features = typeof features;
const helper = createColumnHelper<Features, FleetRow>();

/** Ascending comparators per column; each breaks ties by severity so the order is always total. */
const by =
  (compare: (a: FleetRow, b: FleetRow) => number): SortFn<Features, FleetRow> =>
  (a, b) =>
    compare(a.original, b.original) || compareSeverity(a.original, b.original);

const ROW_PX = 44;

export interface FleetTableProps {
  /** Already filtered and in severity order; each row links to its own account's secret. */
  items: FleetRow[];
  /** The all-accounts board: an Account column. */
  showAccount: boolean;
  sort: BoardSort;
  onSort: (sort: BoardSort) => void;
  zone: string;
  now: number;
  /** Null: the role cannot change expiries, so there is no selection column at all. */
  selection: FleetSelection | null;
}

/**
 * The board's versions: TanStack Table sorts (by the URL's column, or not at all so the severity order the
 * rows come in stands), a real `<table>` renders, and past VIRTUAL_FROM rows only the rows in view plus a
 * few are in the DOM, between two spacer rows; `aria-rowcount`/`aria-rowindex` keep the true size and
 * positions for assistive technology. On a phone (`usePhoneLayout`) the same rows, in the same order, are
 * cards instead (FleetCards).
 */
export function FleetTable({ items, showAccount, sort, onSort, zone, now, selection }: FleetTableProps) {
  const columns = useMemo(
    () =>
      helper.columns([
        ...(showAccount
          ? [
              helper.accessor('account', {
                id: 'account',
                header: () => columnLabel('account'),
                sortFn: by((a, b) => a.account.localeCompare(b.account)),
              }),
            ]
          : []),
        helper.accessor('secret', {
          id: 'secret',
          header: () => columnLabel('secret'),
          sortFn: by((a, b) => a.secret.localeCompare(b.secret)),
          cell: (info) => <Link to={secretHrefOf(info.row.original)}>{info.row.original.secret}</Link>,
        }),
        helper.accessor('version', {
          id: 'version',
          header: () => columnLabel('version'),
          sortFn: by((a, b) => a.version.localeCompare(b.version, undefined, { numeric: true })),
          // The version links to its history in the audit log, as on the secret page.
          cell: (info) => (
            <Link
              to={historyHref(info.row.original)}
              title={t('fleet.table.history', {
                secret: info.row.original.secret,
                version: info.row.original.version,
              })}
            >
              {info.row.original.version}
            </Link>
          ),
        }),
        helper.accessor((row) => stageKind(row.stages), {
          id: 'stages',
          header: () => columnLabel('stages'),
          sortFn: by((a, b) => stageOrder(a) - stageOrder(b)),
          cell: (info) => <Stages stages={info.row.original.stages} />,
        }),
        helper.accessor('expire_time', {
          id: 'expiry',
          header: () => columnLabel('expiry'),
          sortFn: by((a, b) => (a.expire_time ?? Infinity) - (b.expire_time ?? Infinity)),
          cell: (info) => <Instant ms={info.row.original.expire_time} zone={zone} now={now} />,
        }),
        helper.accessor('bucket', {
          id: 'bucket',
          header: () => columnLabel('bucket'),
          sortFn: by(compareSeverity),
          cell: (info) => <Bucket bucket={info.row.original.bucket} />,
        }),
        helper.accessor('secret_state', {
          id: 'state',
          header: () => columnLabel('state'),
          sortFn: by((a, b) => a.secret_state.localeCompare(b.secret_state)),
          cell: (info) => secretStateLabel(info.row.original.secret_state),
        }),
        helper.accessor('notify', {
          id: 'notify',
          header: () => columnLabel('notify'),
          sortFn: by((a, b) => NOTIFY_ORDER.indexOf(a.notify) - NOTIFY_ORDER.indexOf(b.notify)),
          cell: (info) => <Notify notify={info.row.original.notify} />,
        }),
        helper.accessor('console_notify', {
          id: 'console',
          header: () => columnLabel('console'),
          sortFn: by(
            (a, b) => CONSOLE_ORDER.indexOf(a.console_notify) - CONSOLE_ORDER.indexOf(b.console_notify),
          ),
          cell: (info) => <ConsoleNotifyStatus notify={info.row.original.console_notify} />,
        }),
      ]),
    [showAccount, zone, now],
  );
  const sorting = useMemo<SortingState>(() => (sort ? [{ id: sort.column, desc: sort.desc }] : []), [sort]);
  const table = useTable({
    features,
    columns,
    data: items,
    getRowId: rowKey,
    state: { sorting },
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const first = next[0];
      onSort(first ? { column: first.id as SortColumn, desc: first.desc } : null);
    },
  });
  const rows = table.getRowModel().rows;
  const phone = usePhoneLayout();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = !phone && rows.length > VIRTUAL_FROM;
  const virtualizer = useVirtualizer({
    count: virtual ? rows.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: 10,
    initialRect: { width: 1000, height: 700 },
  });
  const windowItems = virtual ? virtualizer.getVirtualItems() : [];
  const shown = virtual
    ? windowItems.map((v) => ({ row: rows[v.index]!, index: v.index }))
    : rows.map((row, index) => ({ row, index }));
  const padTop = virtual ? (windowItems[0]?.start ?? 0) : 0;
  const padBottom = virtual ? virtualizer.getTotalSize() - (windowItems.at(-1)?.end ?? 0) : 0;
  const colCount = columns.length + (selection ? 1 : 0);
  const allSelected =
    selection !== null && items.length > 0 && items.every((i) => selection.selected.has(rowKey(i)));

  if (phone) {
    return (
      <FleetCards
        items={rows.map((r) => r.original)}
        showAccount={showAccount}
        sort={sort}
        onSort={onSort}
        zone={zone}
        now={now}
        selection={selection}
      />
    );
  }

  return (
    <div
      ref={scrollRef}
      className="table-scroll fleet-scroll"
      tabIndex={0}
      role="region"
      aria-label={t('fleet.table.region')}
    >
      <table className="data-table fleet-table" aria-rowcount={rows.length + 1}>
        <caption className="visually-hidden">{versionsCaption(rows.length, sort)}</caption>
        <thead>
          <tr aria-rowindex={1}>
            {selection ? (
              <th scope="col" className="fleet-select">
                <input
                  type="checkbox"
                  aria-label={t('fleet.table.selectAll', { count: items.length })}
                  checked={allSelected}
                  onChange={(e) => selection.setAll(items, e.target.checked)}
                />
              </th>
            ) : null}
            {table.getHeaderGroups()[0]!.headers.map((header) => {
              const dir = header.column.getIsSorted();
              return (
                <th
                  key={header.id}
                  scope="col"
                  aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : undefined}
                >
                  <button
                    type="button"
                    className="sort-button"
                    onClick={header.column.getToggleSortingHandler()}
                  >
                    <table.FlexRender header={header} />
                    <span aria-hidden="true">{dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ''}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {padTop > 0 ? (
            <tr aria-hidden="true" className="virtual-pad">
              <td colSpan={colCount} style={{ height: padTop }} />
            </tr>
          ) : null}
          {shown.map(({ row, index }) => {
            const item = row.original;
            const key = rowKey(item);
            return (
              <tr
                key={row.id}
                aria-rowindex={index + 2}
                className={
                  item.bucket === 'expired' && stageKind(item.stages) === 'current' ? 'row-alarm' : undefined
                }
                style={virtual ? { height: ROW_PX } : undefined}
              >
                {selection ? (
                  <td className="fleet-select">
                    <input
                      type="checkbox"
                      aria-label={selectLabel(item, showAccount)}
                      checked={selection.selected.has(key)}
                      onChange={() => selection.toggle(item)}
                    />
                  </td>
                ) : null}
                {row.getAllCells().map((cell) =>
                  cell.column.id === 'secret' ? (
                    <th key={cell.id} scope="row">
                      <table.FlexRender cell={cell} />
                    </th>
                  ) : (
                    <td key={cell.id}>
                      <table.FlexRender cell={cell} />
                    </td>
                  ),
                )}
              </tr>
            );
          })}
          {padBottom > 0 ? (
            <tr aria-hidden="true" className="virtual-pad">
              <td colSpan={colCount} style={{ height: padBottom }} />
            </tr>
          ) : null}
        </tbody>
      </table>
      {rows.length === 0 ? <p className="muted">{t('fleet.table.empty')}</p> : null}
    </div>
  );
}

function stageOrder(item: FleetRow): number {
  return ['current', 'labelled', 'unlabelled'].indexOf(stageKind(item.stages));
}

import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { useId, useRef, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Instant } from '../../../components/ui/instant';
import { t } from '../../../lib/i18n';
import { SORT_COLUMNS, rowKey, type BoardSort, type FleetRow } from '../utils/board-params';
import { secretStateLabel } from '../utils/labels';
import { stageKind } from '../utils/severity';
import {
  Bucket,
  columnLabel,
  historyHref,
  Notify,
  ConsoleNotifyStatus,
  secretHrefOf,
  selectLabel,
  Stages,
  versionsCaption,
  VIRTUAL_FROM,
  type FleetSelection,
} from './fleet-row-parts';

/** A card's height before it is measured, and what the cards in view fill before layout (and in tests). */
const CARD_PX = 280;
const INITIAL_RECT = { width: 360, height: 600 };

/**
 * The board's versions on a phone: one card per version, in the table's order, each value under its column's
 * name (`<dl>`), the secret as the card's heading, its checkbox named after the version, and its links (the
 * secret, the version's audit history). The table's sort headers become a "Sort by" menu and its "select all"
 * a checkbox above the cards. Past VIRTUAL_FROM versions only the cards in view plus a few are in the DOM
 * (measured once rendered, as a card's height depends on its stages); `aria-setsize`/`aria-posinset` keep the
 * true size and positions for assistive technology.
 */
export function FleetCards({
  items,
  showAccount,
  sort,
  onSort,
  zone,
  now,
  selection,
}: {
  /** Already filtered and sorted. */
  items: FleetRow[];
  showAccount: boolean;
  sort: BoardSort;
  onSort: (sort: BoardSort) => void;
  zone: string;
  now: number;
  selection: FleetSelection | null;
}) {
  const id = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = items.length > VIRTUAL_FROM;
  const virtualizer = useVirtualizer({
    count: virtual ? items.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_PX,
    getItemKey: (index) => rowKey(items[index]!),
    measureElement: (element) => Math.round(element.getBoundingClientRect().height) || CARD_PX,
    observeElementRect: (instance, onRect) =>
      observeElementRect(instance, (rect) => onRect(rect.height > 0 ? rect : INITIAL_RECT)),
    overscan: 4,
    initialRect: INITIAL_RECT,
  });
  const windowItems = virtual ? virtualizer.getVirtualItems() : [];
  const shown = virtual
    ? windowItems.map((v) => ({ item: items[v.index]!, index: v.index }))
    : items.map((item, index) => ({ item, index }));
  const padTop = virtual ? (windowItems[0]?.start ?? 0) : 0;
  const padBottom = virtual ? virtualizer.getTotalSize() - (windowItems.at(-1)?.end ?? 0) : 0;
  const allSelected =
    selection !== null && items.length > 0 && items.every((i) => selection.selected.has(rowKey(i)));
  const columns = SORT_COLUMNS.filter((c) => showAccount || c !== 'account');
  const sortValue = sort ? `${sort.desc ? '-' : ''}${sort.column}` : '';

  return (
    <>
      <div className="fleet-cards-tools">
        <label>
          {t('fleet.sort.label')}
          <select
            value={sortValue}
            onChange={(e) => {
              const desc = e.target.value.startsWith('-');
              const column = columns.find((c) => c === e.target.value.replace(/^-/, ''));
              onSort(column ? { column, desc } : null);
            }}
          >
            <option value="">{t('fleet.sort.severity')}</option>
            {columns.flatMap((c) => [
              <option key={c} value={c}>
                {t('fleet.sort.ascending', { column: columnLabel(c) })}
              </option>,
              <option key={`-${c}`} value={`-${c}`}>
                {t('fleet.sort.descending', { column: columnLabel(c) })}
              </option>,
            ])}
          </select>
        </label>
        {selection ? (
          <label className="fleet-cards-all">
            <input
              type="checkbox"
              checked={allSelected}
              onChange={(e) => selection.setAll(items, e.target.checked)}
            />
            {t('fleet.table.selectAll', { count: items.length })}
          </label>
        ) : null}
      </div>
      <div
        ref={scrollRef}
        className="fleet-scroll fleet-cards-scroll"
        tabIndex={0}
        role="region"
        aria-label={t('fleet.table.region')}
      >
        <ul
          className="fleet-cards"
          aria-label={versionsCaption(items.length, sort)}
          style={virtual ? { paddingTop: padTop, paddingBottom: padBottom } : undefined}
        >
          {shown.map(({ item, index }) => {
            const key = rowKey(item);
            const titleId = `${id}-${index}`;
            return (
              <li
                key={key}
                aria-setsize={items.length}
                aria-posinset={index + 1}
                data-index={index}
                ref={virtual ? virtualizer.measureElement : undefined}
              >
                <article
                  aria-labelledby={titleId}
                  className={
                    item.bucket === 'expired' && stageKind(item.stages) === 'current'
                      ? 'fleet-card fleet-card-alarm'
                      : 'fleet-card'
                  }
                >
                  <div className="fleet-card-head">
                    {selection ? (
                      <input
                        type="checkbox"
                        aria-label={selectLabel(item, showAccount)}
                        checked={selection.selected.has(key)}
                        onChange={() => selection.toggle(item)}
                      />
                    ) : null}
                    <h2 id={titleId} className="fleet-card-title">
                      {item.secret}
                    </h2>
                  </div>
                  <dl className="fleet-card-facts">
                    <Fact label={columnLabel('version')}>{item.version}</Fact>
                    {showAccount ? <Fact label={columnLabel('account')}>{item.account}</Fact> : null}
                    <Fact label={columnLabel('stages')}>
                      <Stages stages={item.stages} />
                    </Fact>
                    <Fact label={columnLabel('expiry')}>
                      <Instant ms={item.expire_time} zone={zone} now={now} />
                    </Fact>
                    <Fact label={columnLabel('bucket')}>
                      <Bucket bucket={item.bucket} />
                    </Fact>
                    <Fact label={columnLabel('state')}>{secretStateLabel(item.secret_state)}</Fact>
                    <Fact label={columnLabel('notify')}>
                      <Notify notify={item.notify} />
                    </Fact>
                    <Fact label={columnLabel('console')}>
                      <ConsoleNotifyStatus notify={item.console_notify} />
                    </Fact>
                  </dl>
                  <p className="fleet-card-actions">
                    <Link
                      to={secretHrefOf(item)}
                      aria-label={t('fleet.card.openSecretOf', { secret: item.secret })}
                    >
                      {t('fleet.card.openSecret')}
                    </Link>
                    <Link
                      to={historyHref(item)}
                      aria-label={t('fleet.table.history', { secret: item.secret, version: item.version })}
                    >
                      {t('fleet.card.history')}
                    </Link>
                  </p>
                </article>
              </li>
            );
          })}
        </ul>
        {items.length === 0 ? <p className="muted">{t('fleet.table.empty')}</p> : null}
      </div>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { Fragment, useId, useRef, type ReactNode } from 'react';
import { usePhoneLayout } from '../utils/use-phone-layout';
import { VIRTUAL_FROM } from './fleet-row-parts';

/** A row of one line, and each further line (a message, a CSMS request id): the estimate before a row is measured. */
const ROW_PX = 38;
const LINE_PX = 22;
/** A phone's card: its heading and one line per value, before it is measured. */
const CARD_LINE_PX = 26;
/** What the rows in view are taken to fill before the browser has laid the container out (and in tests). */
const INITIAL_RECT = { width: 800, height: 400 };

/**
 * The items that need attention (the refused, conflicting and failed ones) first, each part in the order
 * it came in: at 20,000 items, the few that went wrong are what support reads, not page 30.
 */
export function attentionFirst<T>(items: readonly T[], needsAttention: (item: T) => boolean): T[] {
  const first: T[] = [];
  const rest: T[] = [];
  for (const item of items) (needsAttention(item) ? first : rest).push(item);
  return first.length === 0 ? [...items] : [...first, ...rest];
}

/** How many items have each status (one pass, so a 20,000-item list is counted once per render). */
export function countByStatus<S extends string>(items: readonly { status: S }[]): Record<S, number> {
  const counts = {} as Record<S, number>;
  for (const { status } of items) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** One column: its name, and what an item shows under it; the `rowHeader` column names the item. */
export interface BatchColumn<T> {
  label: string;
  cell: (item: T) => ReactNode;
  rowHeader?: boolean;
}

/**
 * The per-version table of the "Extend selected" dialog (the preview and the outcome): a real `<table>` in
 * a scroll container of bounded height that the keyboard can focus and scroll (it has a name, as the
 * board's own table has). Past VIRTUAL_FROM items only the rows in view plus a few are in the DOM, between
 * two spacer rows hidden from assistive technology, as on the board (`fleet-table.tsx`);
 * `aria-rowcount`/`aria-rowindex` keep the true size and positions. Rows are measured once rendered, since
 * a message or a CSMS request id makes one taller. On a phone (`usePhoneLayout`) each item is a card instead,
 * named by its row header, every other value under its column's name, so before, after and outcome all fit
 * the screen (`aria-setsize`/`aria-posinset` keep the true size).
 */
export function BatchItemsTable<T>({
  caption,
  label,
  columns,
  items,
  itemKey,
  extraLines,
}: {
  caption: string;
  /** The scroll container's name. */
  label: string;
  /** The version's column first, as the row header, so each row is named by it. */
  columns: readonly BatchColumn<T>[];
  /** In the order to show. */
  items: readonly T[];
  itemKey: (item: T) => string;
  /** How many lines below the first a row shows (messages), so the estimate is close to what is measured. */
  extraLines: (item: T) => number;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const captionId = useId();
  const phone = usePhoneLayout();
  const virtual = items.length > VIRTUAL_FROM;
  const virtualizer = useVirtualizer({
    count: virtual ? items.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) =>
      phone
        ? CARD_LINE_PX * (columns.length + extraLines(items[index]!))
        : ROW_PX + LINE_PX * extraLines(items[index]!),
    getItemKey: (index) => itemKey(items[index]!),
    // A row not laid out (no layout engine, or not yet) keeps its estimate instead of collapsing to 0,
    // which would put every row "in view".
    measureElement: (element, _entry, instance) =>
      Math.round(element.getBoundingClientRect().height) ||
      instance.options.estimateSize(Number(element.getAttribute('data-index'))),
    // A container with no size yet (not laid out, or no layout engine) still shows its first rows, not none.
    observeElementRect: (instance, onRect) =>
      observeElementRect(instance, (rect) => onRect(rect.height > 0 ? rect : INITIAL_RECT)),
    overscan: 10,
    initialRect: INITIAL_RECT,
  });
  // A row measured above the view moves what is in view, which the virtualizer makes up for by scrolling;
  // that jump cancels a smooth scroll under way (End, PageDown), so it is made only while scrolling back up,
  // where rows are measured above what the reader is looking at.
  virtualizer.shouldAdjustScrollPositionOnItemSizeChange = (item, _delta, instance) =>
    instance.scrollDirection === 'backward' && item.start < (instance.scrollOffset ?? 0);
  const windowItems = virtual ? virtualizer.getVirtualItems() : [];
  const shown = virtual
    ? windowItems.map((v) => ({ item: items[v.index]!, index: v.index }))
    : items.map((item, index) => ({ item, index }));
  const padTop = virtual ? (windowItems[0]?.start ?? 0) : 0;
  const padBottom = virtual ? virtualizer.getTotalSize() - (windowItems.at(-1)?.end ?? 0) : 0;

  if (phone) {
    return (
      <div ref={scrollRef} className="batch-items" tabIndex={0} role="region" aria-label={label}>
        <p id={captionId} className="batch-cards-caption">
          {caption}
        </p>
        <ul
          className="batch-cards"
          aria-labelledby={captionId}
          style={virtual ? { paddingTop: padTop, paddingBottom: padBottom } : undefined}
        >
          {shown.map(({ item, index }) => (
            <li
              key={itemKey(item)}
              aria-setsize={items.length}
              aria-posinset={index + 1}
              data-index={index}
              ref={virtual ? virtualizer.measureElement : undefined}
            >
              {columns.map((c) =>
                c.rowHeader ? (
                  <h3 key={c.label} className="batch-card-title">
                    {c.cell(item)}
                  </h3>
                ) : null,
              )}
              <dl className="batch-card-facts">
                {columns.map((c) =>
                  c.rowHeader ? null : (
                    <Fragment key={c.label}>
                      <dt>{c.label}</dt>
                      <dd>{c.cell(item)}</dd>
                    </Fragment>
                  ),
                )}
              </dl>
            </li>
          ))}
        </ul>
      </div>
    );
  }

  return (
    <div ref={scrollRef} className="table-scroll batch-items" tabIndex={0} role="region" aria-label={label}>
      <table className="data-table" aria-rowcount={items.length + 1}>
        <caption>{caption}</caption>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((c) => (
              <th key={c.label} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {padTop > 0 ? (
            <tr aria-hidden="true" className="virtual-pad">
              <td colSpan={columns.length} style={{ height: padTop }} />
            </tr>
          ) : null}
          {shown.map(({ item, index }) => (
            <tr
              key={itemKey(item)}
              aria-rowindex={index + 2}
              data-index={index}
              ref={virtual ? virtualizer.measureElement : undefined}
            >
              {columns.map((c) =>
                c.rowHeader ? (
                  <th key={c.label} scope="row">
                    {c.cell(item)}
                  </th>
                ) : (
                  <td key={c.label}>{c.cell(item)}</td>
                ),
              )}
            </tr>
          ))}
          {padBottom > 0 ? (
            <tr aria-hidden="true" className="virtual-pad">
              <td colSpan={columns.length} style={{ height: padBottom }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Marker pagination that ends whichever way the server ends a list (docs/csms-api.md §3.1): an empty page, a
 * missing or empty `next_marker`, a page shorter than `limit`, or a marker already seen; and never more than
 * `maxPages` pages (docs/security.md §1.11: 20). Items already yielded (by key) are not yielded again.
 */
export type PaginationStop = 'empty-page' | 'no-marker' | 'short-page' | 'repeated-marker' | 'page-cap';

/** The generator's return value: how many pages were read and why it stopped. */
export interface PaginationSummary {
  pages: number;
  items: number;
  stoppedBy: PaginationStop;
}

export interface Page<T> {
  items: readonly T[];
  nextMarker: string | undefined;
}

export interface PaginateOptions<T> {
  limit: number;
  maxPages: number;
  key: (item: T) => string;
}

export async function* paginate<T>(
  fetchPage: (marker: string | undefined) => Promise<Page<T>>,
  options: PaginateOptions<T>,
): AsyncGenerator<T, PaginationSummary, undefined> {
  const seenMarkers = new Set<string>();
  const seenKeys = new Set<string>();
  let marker: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await fetchPage(marker);
    pages++;
    if (page.items.length === 0) return { pages, items: seenKeys.size, stoppedBy: 'empty-page' };
    for (const item of page.items) {
      const key = options.key(item);
      if (seenKeys.has(key)) continue;
      seenKeys.add(key);
      yield item;
    }
    const stoppedBy = stopReason(page, options, seenMarkers, pages);
    if (stoppedBy) return { pages, items: seenKeys.size, stoppedBy };
    marker = page.nextMarker;
    seenMarkers.add(marker!);
  }
}

function stopReason<T>(
  page: Page<T>,
  options: PaginateOptions<T>,
  seenMarkers: ReadonlySet<string>,
  pages: number,
): PaginationStop | undefined {
  if (page.nextMarker === undefined || page.nextMarker === '') return 'no-marker';
  if (page.items.length < options.limit) return 'short-page';
  if (seenMarkers.has(page.nextMarker)) return 'repeated-marker';
  if (pages >= options.maxPages) return 'page-cap';
  return undefined;
}

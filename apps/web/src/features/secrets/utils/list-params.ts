/**
 * The secrets list's URL is its state: `?name=&state=&limit=&marker=&prev=`.
 *
 * Paging is marker-based (the BFF answers `next_marker`), so "previous page" needs the markers of the pages
 * before this one. They travel in the URL, not in history or memory, so a reload or a shared link lands on
 * the same page with a working Previous button:
 *   - page 1 has no `marker` and no `prev`;
 *   - page N (N >= 2) has `marker` = the marker that opened it and `prev` = the markers that opened pages
 *     2..N-1, comma-separated (markers are secret names, `^[a-zA-Z0-9_-]{1,64}$`, so never hold a comma).
 * Changing a filter or the page size starts again at page 1. Defaults (`limit=20`, no filter) are left out.
 */
import { SecretStateSchema, type SecretListQuery, type SecretState } from '@csms-console/api-contract';

export const DEFAULT_LIMIT = 20;
export const PAGE_SIZES = [20, 50, 100] as const;
/** Longest trail kept in the URL (about 6.5 KB at worst); older markers beyond it are dropped. */
export const MAX_TRAIL = 100;

const NAME_RE = /^[a-zA-Z0-9_-]{1,64}$/;

export interface ListParams {
  /** As typed in the URL; may be invalid (then `nameError` says why and nothing is sent). */
  name: string;
  state: SecretState | undefined;
  limit: number;
  marker: string | undefined;
  /** Markers that opened pages 2..N-1. */
  prev: string[];
}

/** Why a name filter cannot be sent (`secrets.nameError.<why>` says it); undefined when it can (or is empty). */
export type NameFilterError = 'tooLong' | 'badCharacters';

/** Checks a name filter by the BFF's own rule; undefined when it can be sent (or is empty). */
export function nameFilterError(name: string): NameFilterError | undefined {
  if (name === '' || NAME_RE.test(name)) return undefined;
  if (name.length > 64) return 'tooLong';
  return 'badCharacters';
}

function parseLimit(raw: string | null): number {
  if (raw === null || !/^[1-9][0-9]{0,2}$/.test(raw)) return DEFAULT_LIMIT;
  const n = Number(raw);
  return n <= 100 ? n : DEFAULT_LIMIT;
}

/** Reads the URL leniently: an unusable marker, state or limit falls back to the default, never throws. */
export function parseListParams(search: URLSearchParams): ListParams {
  const stateParsed = SecretStateSchema.safeParse(search.get('state'));
  const rawMarker = search.get('marker') ?? '';
  const marker = NAME_RE.test(rawMarker) ? rawMarker : undefined;
  const prev =
    marker === undefined
      ? []
      : (search.get('prev') ?? '')
          .split(',')
          .filter((m) => NAME_RE.test(m))
          .slice(-MAX_TRAIL);
  return {
    name: search.get('name') ?? '',
    state: stateParsed.success ? stateParsed.data : undefined,
    limit: parseLimit(search.get('limit')),
    marker,
    prev,
  };
}

export function toSearchParams(params: ListParams): URLSearchParams {
  const out = new URLSearchParams();
  if (params.name !== '') out.set('name', params.name);
  if (params.state !== undefined) out.set('state', params.state);
  if (params.limit !== DEFAULT_LIMIT) out.set('limit', String(params.limit));
  if (params.marker !== undefined) {
    out.set('marker', params.marker);
    if (params.prev.length > 0) out.set('prev', params.prev.join(','));
  }
  return out;
}

/** 1-based page number shown to the user. */
export function pageNumber(params: ListParams): number {
  return params.marker === undefined ? 1 : params.prev.length + 2;
}

export function nextPage(params: ListParams, nextMarker: string): ListParams {
  const prev = params.marker === undefined ? [] : [...params.prev, params.marker].slice(-MAX_TRAIL);
  return { ...params, marker: nextMarker, prev };
}

/** The page before; page 1 stays page 1. */
export function previousPage(params: ListParams): ListParams {
  if (params.marker === undefined) return params;
  const marker = params.prev.at(-1);
  return { ...params, marker, prev: marker === undefined ? [] : params.prev.slice(0, -1) };
}

/** New filters or page size: back to page 1. */
export function withFilters(
  params: ListParams,
  change: Partial<Pick<ListParams, 'name' | 'state' | 'limit'>>,
): ListParams {
  return { ...params, ...change, marker: undefined, prev: [] };
}

export function hasFilters(params: ListParams): boolean {
  return params.name !== '' || params.state !== undefined;
}

/** What goes to the BFF; undefined while the name filter is invalid (nothing is sent). */
export function toListQuery(params: ListParams): SecretListQuery | undefined {
  if (nameFilterError(params.name) !== undefined) return undefined;
  return {
    limit: params.limit,
    ...(params.marker !== undefined ? { marker: params.marker } : {}),
    ...(params.name !== '' ? { name: params.name } : {}),
    ...(params.state !== undefined ? { state: params.state } : {}),
  };
}

/**
 * The board's URL is its state:
 * `?bucket=expired&bucket=7d&stage=current&state=ENABLED&notify=no&name=db&sort=-expiry` (and `account=prod`
 * on the all-accounts board; `untold=1` keeps only versions expiring soon with no one to tell). Read leniently (an unknown value is ignored, never thrown on) so any shared link
 * opens; defaults (every bucket, every stage, state and notify answer, no name, severity order) are left out
 * of the URL.
 */
import {
  AccountNameSchema,
  EXPIRY_BUCKETS,
  ExpiryBucketSchema,
  isUntold,
  SecretStateSchema,
  type ExpiryBucket,
  type FleetItem,
  type SecretState,
} from '@csms-console/api-contract';
import { NOTIFY_FILTERS, notifyMatches, type NotifyFilter } from './labels';
import { stageKind, type StageKind } from './severity';

export const STAGE_KINDS = ['current', 'labelled', 'unlabelled'] as const satisfies readonly StageKind[];
export const SORT_COLUMNS = [
  'account',
  'secret',
  'version',
  'stages',
  'expiry',
  'bucket',
  'state',
  'notify',
  'console',
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
/** null = the default stage-aware severity order (utils/severity.ts). */
export type BoardSort = { column: SortColumn; desc: boolean } | null;

export interface BoardParams {
  /** Empty = every bucket. */
  buckets: ExpiryBucket[];
  stage: StageKind | undefined;
  state: SecretState | undefined;
  /** Whether CSMS will notify anyone (labels.ts `notifyMatches`); undefined = either. */
  notify: NotifyFilter | undefined;
  name: string;
  sort: BoardSort;
  /** The all-accounts board: only this account's rows (undefined = every account). */
  account: string | undefined;
  /** Only versions expiring within 30 days that neither CSMS nor the console will warn about (`isUntold`). */
  untold: boolean;
}

/** A version on the board, with the account it belongs to (the all-accounts board mixes several). */
export type FleetRow = FleetItem & { account: string };

export function parseBoardParams(search: URLSearchParams): BoardParams {
  const buckets = EXPIRY_BUCKETS.filter((b) =>
    search.getAll('bucket').some((raw) => ExpiryBucketSchema.safeParse(raw).data === b),
  );
  const rawStage = search.get('stage');
  const stage = STAGE_KINDS.find((s) => s === rawStage);
  const state = SecretStateSchema.safeParse(search.get('state')).data;
  const rawNotify = search.get('notify');
  const notify = NOTIFY_FILTERS.find((n) => n === rawNotify);
  const rawSort = search.get('sort') ?? '';
  const desc = rawSort.startsWith('-');
  const column = SORT_COLUMNS.find((c) => c === (desc ? rawSort.slice(1) : rawSort));
  return {
    buckets,
    stage,
    state,
    notify,
    name: search.get('name') ?? '',
    sort: column ? { column, desc } : null,
    account: AccountNameSchema.safeParse(search.get('account')).data,
    untold: search.get('untold') === '1',
  };
}

export function boardSearch(params: BoardParams): URLSearchParams {
  const search = new URLSearchParams();
  for (const bucket of params.buckets) search.append('bucket', bucket);
  if (params.stage) search.set('stage', params.stage);
  if (params.state) search.set('state', params.state);
  if (params.notify) search.set('notify', params.notify);
  if (params.name) search.set('name', params.name);
  if (params.sort) search.set('sort', `${params.sort.desc ? '-' : ''}${params.sort.column}`);
  if (params.account) search.set('account', params.account);
  if (params.untold) search.set('untold', '1');
  return search;
}

/**
 * The rows the filters keep (every filter but the bucket one when `ignoreBuckets`, for the counts); `now`
 * is the instant the untold filter is judged at.
 */
export function filterItems<T extends FleetItem & { account?: string }>(
  items: readonly T[],
  params: BoardParams,
  { ignoreBuckets = false, now = Date.now() } = {},
): T[] {
  const name = params.name.trim().toLowerCase();
  return items.filter(
    (item) =>
      (ignoreBuckets || params.buckets.length === 0 || params.buckets.includes(item.bucket)) &&
      (params.stage === undefined || stageKind(item.stages) === params.stage) &&
      (params.state === undefined || item.secret_state === params.state) &&
      (params.notify === undefined || notifyMatches(item.notify, params.notify)) &&
      (name === '' || item.secret.toLowerCase().includes(name)) &&
      (params.account === undefined || item.account === params.account) &&
      (!params.untold || isUntold(item, now)),
  );
}

/** Versions per bucket among `items`. */
export function countBuckets(items: readonly FleetItem[]): Record<ExpiryBucket, number> {
  const counts = Object.fromEntries(EXPIRY_BUCKETS.map((b) => [b, 0])) as Record<ExpiryBucket, number>;
  for (const item of items) counts[item.bucket] += 1;
  return counts;
}

/** An item's key within one account: one version of one secret. */
export const itemKey = (item: Pick<FleetItem, 'secret' | 'version'>) => `${item.secret}/${item.version}`;

/** A row's key across accounts (an account name holds no `/`, so the key is unambiguous). */
export const rowKey = (row: Pick<FleetRow, 'account' | 'secret' | 'version'>) =>
  `${row.account}/${itemKey(row)}`;

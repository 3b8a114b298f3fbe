import { useQuery } from '@tanstack/react-query';
import { useId, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { RetryNotice } from '../../../components/ui/retry-notice';
import { isApiError } from '../../../lib/api-client';
import { t } from '../../../lib/i18n';
import { useNow } from '../../../lib/clock';
import { useQueryRetry } from '../../../lib/retry-wait';
import { useZone } from '../../../lib/zone';
import { secretListQueries } from '../api/queries';
import {
  hasFilters,
  nextPage,
  pageNumber,
  parseListParams,
  previousPage,
  toListQuery,
  toSearchParams,
  withFilters,
  type ListParams,
} from '../utils/list-params';
import { expiryScannedAt } from '../utils/list-expiry';
import { ExpiryScanLine } from './expiry-scan-line';
import { SecretsFilters } from './secrets-filters';
import { SecretsPager } from './secrets-pager';
import { SecretsTable } from './secrets-table';
import { TruncatedNotice, EmptyNotice } from './secrets-notices';

/**
 * The secrets of one account: filters, a page of rows (with expiries from the fleet scan's cache when it has
 * one) and the pager, all driven by the URL.
 */
export function SecretsList({ account }: { account: string }) {
  const [search, setSearch] = useSearchParams();
  const params = parseListParams(search);
  const query = toListQuery(params);
  const page = pageNumber(params);
  const { zone } = useZone();
  const now = useNow();
  const summaryId = useId();
  const listOptions = secretListQueries.list(account, query ?? { limit: params.limit });
  const list = useQuery({ ...listOptions, enabled: query !== undefined });
  // A 429/503: the rows on screen (if any) stay, with a notice that retries after the server's Retry-After.
  const { wait, retryNow } = useQueryRetry(list, listOptions.queryKey);
  const retryNotice = wait ? <RetryNotice wait={wait} onRetry={retryNow} /> : null;
  // The page whose rows are on screen, to word the loading status ("next" / "previous").
  const shownPage = useRef(page);
  if (list.isSuccess && !list.isPlaceholderData) shownPage.current = page;

  const go = (next: ListParams) => setSearch(toSearchParams(next));
  const clear = () => go(withFilters(params, { name: '', state: undefined }));
  const busy = list.isPlaceholderData && list.isFetching && wait === null;
  const loadingText = !busy
    ? ''
    : page > shownPage.current
      ? t('secrets.loading.nextPage')
      : page < shownPage.current
        ? t('secrets.loading.previousPage')
        : t('secrets.loading.results');

  return (
    <>
      <SecretsFilters
        initial={params}
        onApply={(values) => go(withFilters(params, values))}
        onClear={clear}
      />
      <p role="status" aria-live="polite" className="secrets-loading">
        {busy ? (
          <>
            <span className="spinner" aria-hidden="true" /> {loadingText}
          </>
        ) : null}
      </p>
      {query === undefined ? (
        <p className="notice notice-warn">{t('secrets.fixNameFilter')}</p>
      ) : list.data === undefined && retryNotice ? (
        retryNotice
      ) : list.isPending ? (
        <p className="page-status">{t('secrets.loading.list')}</p>
      ) : list.isError && !retryNotice ? (
        <>
          <ErrorNotice error={list.error} title={t('secrets.loadFailed')} />
          <p className="secrets-error-actions">
            <button type="button" className="button" onClick={() => void list.refetch()}>
              {t('secrets.tryAgain')}
            </button>
            {page > 1 || (isApiError(list.error, 'invalid_input') && hasFilters(params)) ? (
              <button type="button" className="button" onClick={() => go(withFilters(params, {}))}>
                {t('secrets.firstPage')}
              </button>
            ) : null}
          </p>
        </>
      ) : list.data === undefined ? null : (
        <>
          {retryNotice}
          {list.data.truncated ? (
            <TruncatedNotice
              found={list.data.secrets.length}
              busy={busy}
              onContinue={() => {
                if (list.data.next_marker) go(nextPage(params, list.data.next_marker));
              }}
            />
          ) : null}
          {list.data.secrets.length === 0 && !list.data.truncated ? (
            <EmptyNotice
              filtered={hasFilters(params)}
              page={page}
              onClear={clear}
              onFirstPage={() => go(withFilters(params, {}))}
            />
          ) : null}
          {list.data.secrets.length > 0 ? (
            <SecretsTable
              account={account}
              secrets={list.data.secrets}
              zone={zone}
              now={now}
              busy={busy}
              scannedAt={expiryScannedAt(list.data)}
              describedBy={summaryId}
            />
          ) : null}
          <ExpiryScanLine scannedAt={expiryScannedAt(list.data)} zone={zone} now={now} />
          {page === 1 && list.data.secrets.length === 0 && list.data.next_marker === null ? null : (
            <SecretsPager
              page={page}
              rows={list.data.secrets.length}
              summaryId={summaryId}
              canGoBack={page > 1}
              canGoForward={list.data.next_marker !== null}
              busy={busy}
              onPrevious={() => go(previousPage(params))}
              onNext={() => {
                if (list.data.next_marker) go(nextPage(params, list.data.next_marker));
              }}
            />
          )}
        </>
      )}
    </>
  );
}

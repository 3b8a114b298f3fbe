import { InputIssueSchema } from '@csms-console/api-contract';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { z } from 'zod/mini';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { RetryNotice } from '../../../components/ui/retry-notice';
import { SlowNotice } from '../../../components/ui/slow-notice';
import { api, isApiError } from '../../../lib/api-client';
import { serverNow, useNow } from '../../../lib/clock';
import { Msg, t } from '../../../lib/i18n';
import { saveFile } from '../../../lib/save-file';
import { isUtcZone, zoneLabel } from '../../../lib/time';
import { useZone } from '../../../lib/zone';
import { useQueryRetry } from '../../../lib/retry-wait';
import { auditQueries, exportPath } from '../api/queries';
import {
  apiFilter,
  auditSearch,
  checkFilter,
  issuesToErrors,
  parseAuditParams,
  type FilterErrors,
} from '../utils/audit-params';
import { AuditFilters } from './audit-filters';
import { AuditTable } from './audit-table';
import { ChainStatus } from './chain-status';
import { OutsideChanges } from './outside-changes';

/**
 * The audit page: the chain's state, the log filtered by the URL (so a link reproduces the view), its CSV,
 * and what changed in CSMS behind the console's back. `accounts` are the accounts compared for outside
 * changes when no account filter is set (app/ reads them).
 */
export function AuditPage({ accounts }: { accounts: string[] | undefined }) {
  const [search, setSearch] = useSearchParams();
  const params = useMemo(() => parseAuditParams(search), [search]);
  // A preset ("last 7 days") counts from when the view was asked for, so paging keeps one window.
  const filter = useMemo(() => apiFilter(parseAuditParams(search), serverNow()), [search]);
  const localErrors = useMemo(() => checkFilter(filter), [filter]);
  const valid = Object.keys(localErrors).length === 0;
  const eventsOptions = auditQueries.events(filter);
  const events = useInfiniteQuery({ ...eventsOptions, enabled: valid });
  // Slow (Cancel, Retry) or a 429/503 retried after Retry-After, in place: the filters and the chain stay.
  const { wait, retryNow } = useQueryRetry(events, eventsOptions.queryKey);
  const waitNotice =
    wait === null ? null : wait.kind === 'slow' || wait.kind === 'cancelled' ? (
      <SlowNotice hold={wait} onRetry={retryNow} title={t('audit.events.slow')} />
    ) : (
      <RetryNotice wait={wait} onRetry={retryNow} />
    );
  const now = useNow();
  const { zone } = useZone();
  const download = useMutation({
    mutationFn: () => api.download(exportPath(filter), 'events.csv'),
    onSuccess: ({ blob, filename }) => saveFile(blob, filename),
  });

  const serverErrors = useMemo<FilterErrors>(() => {
    if (!isApiError(events.error, 'invalid_input')) return {};
    const issues = z.array(InputIssueSchema).safeParse(events.error.details.issues);
    return issues.success ? issuesToErrors(issues.data) : {};
  }, [events.error]);
  const filterErrors = valid ? serverErrors : localErrors;
  const filterRefused = !valid || Object.keys(serverErrors).length > 0;
  const rows = useMemo(() => events.data?.pages.flatMap((page) => page.events) ?? [], [events.data]);
  // "Older events" moves focus to the first older row, so the keyboard carries on where the reading does.
  const [focusRow, setFocusRow] = useState<number | null>(null);
  const focused = useCallback(() => setFocusRow(null), []);

  return (
    <div className="audit-page">
      <ChainStatus zone={zone} />
      <section aria-labelledby="log-heading">
        <h2 id="log-heading">{t('audit.events.heading')}</h2>
        <p className="zone-note muted">
          <Msg
            id={isUtcZone(zone) ? 'audit.events.zoneNoteUtc' : 'audit.events.zoneNote'}
            values={{ zone: <strong>{zoneLabel(zone, now)}</strong> }}
          />
        </p>
        <AuditFilters
          // A new URL (a link, Back) starts the form over from it, and so does another zone: the form holds
          // a custom range as wall times in the zone it was typed in.
          key={`${search.toString()}|${zone}`}
          params={params}
          errors={filterErrors}
          zone={zone}
          now={serverNow}
          onApply={(next) => {
            download.reset();
            const target = auditSearch(next);
            // The same filters again ask again: the URL does not change, so nothing else would.
            if (target.toString() === search.toString()) void events.refetch();
            else setSearch(target);
          }}
        />
        {filterRefused ? (
          <p className="muted">{t('audit.events.filtersRefused')}</p>
        ) : rows.length === 0 && waitNotice ? (
          waitNotice
        ) : events.isPending ? (
          <p role="status">{t('audit.events.loading')}</p>
        ) : events.isError && rows.length === 0 ? (
          <ErrorNotice error={events.error} title={t('audit.events.loadError')} />
        ) : (
          <>
            {waitNotice}
            <div className="audit-toolbar">
              <p role="status" className="audit-count">
                {rows.length === 0
                  ? t('audit.events.none')
                  : t(events.hasNextPage ? 'audit.events.shownMore' : 'audit.events.shown', {
                      count: rows.length,
                    })}
              </p>
              <button
                type="button"
                className="button small"
                disabled={download.isPending}
                onClick={() => download.mutate()}
              >
                {download.isPending ? t('audit.csv.preparing') : t('audit.csv.download')}
              </button>
            </div>
            {download.isError ? <ErrorNotice error={download.error} title={t('audit.csv.error')} /> : null}
            {rows.length > 0 ? (
              <AuditTable events={rows} zone={zone} now={now} focusRow={focusRow} onFocused={focused} />
            ) : null}
            {events.isError ? <ErrorNotice error={events.error} title={t('audit.older.error')} /> : null}
            {events.hasNextPage ? (
              <button
                type="button"
                className="button"
                disabled={events.isFetchingNextPage}
                onClick={() => {
                  setFocusRow(rows.length);
                  void events.fetchNextPage();
                }}
              >
                {events.isFetchingNextPage ? t('audit.older.loading') : t('audit.older.load')}
              </button>
            ) : null}
          </>
        )}
      </section>
      <OutsideChanges accounts={params.account ? [params.account] : accounts} zone={zone} now={now} />
    </div>
  );
}

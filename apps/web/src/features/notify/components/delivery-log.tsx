import { DeliveryStatusSchema, type Channel, type DeliveryStatus } from '@csms-console/api-contract';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useId, useMemo, useState } from 'react';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { Instant } from '../../../components/ui/instant';
import { t } from '../../../lib/i18n';
import { formatInstant } from '../../../lib/time';
import { notifyQueries, type DeliveryFilter } from '../api/queries';
import { deliveryErrorText, kindLabel, statusLabel } from '../utils/labels';
import { StatusBadge } from './channels-section';
import { DeliveryDetail } from './delivery-detail';
import { ColumnHeads } from './notify-parts';

/**
 * The delivery log, newest first: digests and tests, their status, attempts, the next attempt of a retrying
 * one, and why it failed; "Details" opens what a delivery carried (delivery-detail.tsx). Filtered by channel and status, paged by cursor ("Load more"), read again every
 * 15 s while the page is visible. On a phone each row is a card (notify.css), as on the audit page.
 */
export function DeliveryLog({ channels, zone, now }: { channels: Channel[]; zone: string; now: number }) {
  const ids = useId();
  const [filter, setFilter] = useState<DeliveryFilter>({});
  const [detail, setDetail] = useState<string | null>(null);
  const closeDetail = useCallback(() => setDetail(null), []);
  const log = useInfiniteQuery(notifyQueries.deliveries(filter));
  const rows = useMemo(() => log.data?.pages.flatMap((page) => page.items) ?? [], [log.data]);
  const cols = {
    when: t('notify.log.col.when'),
    channel: t('notify.log.col.channel'),
    kind: t('notify.log.col.kind'),
    status: t('notify.log.col.status'),
    attempts: t('notify.log.col.attempts'),
    error: t('notify.log.col.error'),
    warnings: t('notify.log.col.warnings'),
  };
  return (
    <>
      <div className="notify-filters" role="search" aria-label={t('notify.log.filters')}>
        <label htmlFor={`${ids}-channel`}>{t('notify.log.channel')}</label>
        <select
          id={`${ids}-channel`}
          value={filter.channel ?? ''}
          onChange={(e) => setFilter({ ...filter, channel: e.target.value || undefined })}
        >
          <option value="">{t('notify.log.anyChannel')}</option>
          {channels.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <label htmlFor={`${ids}-status`}>{t('notify.log.status')}</label>
        <select
          id={`${ids}-status`}
          value={filter.status ?? ''}
          onChange={(e) =>
            setFilter({ ...filter, status: (e.target.value || undefined) as DeliveryStatus | undefined })
          }
        >
          <option value="">{t('notify.log.anyStatus')}</option>
          {DeliveryStatusSchema.options.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
      </div>
      {log.isPending ? (
        <p role="status">{t('notify.log.loading')}</p>
      ) : log.isError && rows.length === 0 ? (
        <ErrorNotice error={log.error} title={t('notify.log.loadError')} />
      ) : rows.length === 0 ? (
        <p>{t('notify.log.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table notify-table notify-log">
            <caption className="visually-hidden">{t('notify.log.caption', { count: rows.length })}</caption>
            <ColumnHeads names={cols} trailing={t('notify.log.col.details')} />
            <tbody>
              {rows.map((d) => (
                <tr key={d.id}>
                  <th scope="row" data-label={cols.when}>
                    <Instant ms={d.created_at} zone={zone} now={now} />
                  </th>
                  <td data-label={cols.channel}>
                    {d.channel_name} <span className="muted">({kindLabel(d.channel_kind)})</span>
                  </td>
                  <td data-label={cols.kind}>{t(`notify.log.kind.${d.kind}`)}</td>
                  <td data-label={cols.status}>
                    <StatusBadge status={d.status} />
                    {d.status === 'retrying' && d.next_attempt_at !== null ? (
                      <span className="notify-next">
                        {t('notify.log.nextAttempt')} <Instant ms={d.next_attempt_at} zone={zone} now={now} />
                      </span>
                    ) : null}
                  </td>
                  <td data-label={cols.attempts}>{d.attempts}</td>
                  <td data-label={cols.error}>
                    {d.error ? deliveryErrorText(d.error) : <span className="muted">—</span>}
                  </td>
                  <td data-label={cols.warnings}>{d.kind === 'test' ? '—' : d.event_count}</td>
                  <td className="notify-actions">
                    <button
                      type="button"
                      className="button small"
                      aria-label={t('notify.log.detailsNamed', {
                        channel: d.channel_name,
                        when: formatInstant(d.created_at, zone),
                      })}
                      onClick={() => setDetail(d.id)}
                    >
                      {t('notify.log.details')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {log.isError && rows.length > 0 ? (
        <ErrorNotice error={log.error} title={t('notify.log.loadError')} />
      ) : null}
      {log.hasNextPage ? (
        <button
          type="button"
          className="button"
          disabled={log.isFetchingNextPage}
          onClick={() => void log.fetchNextPage()}
        >
          {log.isFetchingNextPage ? t('notify.log.loadingMore') : t('notify.log.loadMore')}
        </button>
      ) : null}
      {detail !== null ? <DeliveryDetail id={detail} zone={zone} now={now} onClose={closeDetail} /> : null}
    </>
  );
}

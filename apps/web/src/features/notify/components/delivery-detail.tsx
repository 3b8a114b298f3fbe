import type { NotifyEvent } from '@csms-console/api-contract';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { DialogFooter } from '../../../components/ui/dialog-footer';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { Instant } from '../../../components/ui/instant';
import { t } from '../../../lib/i18n';
import { notifyQueries } from '../api/queries';
import { deliveryErrorText, kindLabel } from '../utils/labels';
import { StatusBadge } from './channels-section';
import { NotifyDialog } from './notify-dialog';
import { secretHref } from '../../../lib/secret-href';
import { ColumnHeads } from './notify-parts';

/**
 * One delivery of the log, read from `GET /api/notifications/deliveries/:id`: where it went, how it went,
 * and the version warnings it carried (each linking to its secret), or, for a test, that it carried none.
 */
export function DeliveryDetail({
  id,
  zone,
  now,
  onClose,
}: {
  id: string;
  zone: string;
  now: number;
  onClose: () => void;
}) {
  const detail = useQuery(notifyQueries.delivery(id));
  return (
    <NotifyDialog title={t('notify.detail.title')} onClose={onClose}>
      {() => (
        <>
          <div className="dialog-body notify-detail">
            {detail.isPending ? (
              <p role="status">{t('notify.detail.loading')}</p>
            ) : detail.isError ? (
              <ErrorNotice error={detail.error} title={t('notify.detail.loadError')} />
            ) : (
              <>
                <dl className="notify-facts">
                  <dt>{t('notify.log.col.channel')}</dt>
                  <dd>
                    {detail.data.delivery.channel_name}{' '}
                    <span className="muted">({kindLabel(detail.data.delivery.channel_kind)})</span>
                  </dd>
                  <dt>{t('notify.log.col.when')}</dt>
                  <dd>
                    <Instant ms={detail.data.delivery.created_at} zone={zone} now={now} />
                  </dd>
                  <dt>{t('notify.log.col.status')}</dt>
                  <dd>
                    <StatusBadge status={detail.data.delivery.status} />{' '}
                    {t('notify.detail.attempts', { count: detail.data.delivery.attempts })}
                    {detail.data.delivery.error ? (
                      <span className="notify-error">{deliveryErrorText(detail.data.delivery.error)}</span>
                    ) : null}
                  </dd>
                  {detail.data.delivery.error ? (
                    <>
                      {/* The BFF's own words (English, as in its logs): which host, which HTTP status. */}
                      <dt>{t('notify.detail.technical')}</dt>
                      <dd>
                        <code>{detail.data.delivery.error.code}</code> {detail.data.delivery.error.message}
                      </dd>
                    </>
                  ) : null}
                </dl>
                {detail.data.delivery.kind === 'test' ? (
                  <p>{t('notify.detail.testNone')}</p>
                ) : detail.data.events.length === 0 ? (
                  <p>{t('notify.detail.none')}</p>
                ) : (
                  <Warnings events={detail.data.events} zone={zone} now={now} />
                )}
              </>
            )}
          </div>
          <DialogFooter>
            <button type="button" className="button" onClick={onClose}>
              {t('notify.detail.close')}
            </button>
          </DialogFooter>
        </>
      )}
    </NotifyDialog>
  );
}

function Warnings({ events, zone, now }: { events: NotifyEvent[]; zone: string; now: number }) {
  const cols = {
    secret: t('notify.detail.col.secret'),
    version: t('notify.detail.col.version'),
    expires: t('notify.detail.col.expires'),
    warning: t('notify.detail.col.warning'),
  };
  return (
    <div className="table-scroll">
      <table className="data-table notify-table">
        <caption>{t('notify.detail.caption', { count: events.length })}</caption>
        <ColumnHeads names={cols} />
        <tbody>
          {events.map((event) => (
            <tr key={event.id}>
              <th scope="row" data-label={cols.secret}>
                <Link to={secretHref(event.account, event.secret)}>
                  {event.account} / {event.secret}
                </Link>
              </th>
              <td data-label={cols.version}>
                <code>{event.version}</code>
              </td>
              <td data-label={cols.expires}>
                <Instant ms={event.expire_time} zone={zone} now={now} />
              </td>
              <td data-label={cols.warning}>
                {event.lead_days === 0
                  ? t('notify.detail.expired')
                  : t('notify.detail.lead', { count: event.lead_days })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

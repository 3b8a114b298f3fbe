import type { NotificationStatus } from '@csms-console/api-contract';
import { t } from '../../../lib/i18n';
import { formatInstant, formatRelative } from '../../../lib/time';
import { notificationAnswer, recentRecords } from '../utils/notification';

/** "Will anyone be notified when a version expires?", answered plainly, with the recent records. */
export function NotificationPanel({
  status,
  subscribed,
  zone,
  now,
}: {
  status: NotificationStatus;
  subscribed: string | undefined;
  zone: string;
  now: number;
}) {
  const answer = notificationAnswer(status, subscribed);
  const records = recentRecords(status.records);
  return (
    <section className="notify-panel" aria-labelledby="notify-heading">
      <h2 id="notify-heading">{t('versions.notify.heading')}</h2>
      <div className={`notice ${answer.willNotify ? 'notice-ok' : 'notice-warn'}`}>
        <p className="notify-answer">
          <span aria-hidden="true">{answer.willNotify ? '✔ ' : '⚠ '}</span>
          {answer.answer}
        </p>
        {answer.fix ? <p>{t('versions.notify.toFix', { fix: answer.fix })}</p> : null}
        <p className="muted">{t('versions.notify.rule')}</p>
      </div>
      {records.length > 0 ? (
        <div className="notify-records">
          <h3>
            {t('versions.notify.recent')}{' '}
            <span className="muted">
              {status.records.length > records.length
                ? t('versions.notify.recentSome', { shown: records.length, total: status.records.length })
                : t('versions.notify.recentAll', { count: records.length })}
            </span>
          </h3>
          <ul>
            {records.map((r, i) => (
              <li key={i}>
                {r.create_time !== null ? (
                  <span title={formatRelative(r.create_time, now)}>{formatInstant(r.create_time, zone)}</span>
                ) : (
                  <span className="muted">{t('versions.notify.timeUnknown')}</span>
                )}{' '}
                · <code>{r.trigger_event_type ?? t('versions.notify.eventTypeUnknown')}</code>
                {r.version_id ? (
                  <> · {t('versions.notify.recordVersion', { version: r.version_id })}</>
                ) : null}
                {r.notification_target_name ? (
                  <> · {t('versions.notify.recordTarget', { target: r.notification_target_name })}</>
                ) : null}{' '}
                · {r.notification_status ?? t('versions.notify.statusUnknown')}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="muted">{t('versions.notify.noRecords')}</p>
      )}
    </section>
  );
}

import type { NotificationStatus } from '@csms-console/api-contract';
import { formatInstant, formatRelative } from '../../../lib/time';
import { NOTIFICATION_RULE, notificationAnswer, recentRecords } from '../utils/notification';

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
      <h2 id="notify-heading">Will anyone be notified when a version expires?</h2>
      <div className={`notice ${answer.willNotify ? 'notice-ok' : 'notice-warn'}`}>
        <p className="notify-answer">
          <span aria-hidden="true">{answer.willNotify ? '✔ ' : '⚠ '}</span>
          {answer.answer}
        </p>
        {answer.fix ? <p>To fix: {answer.fix}</p> : null}
        <p className="muted">{NOTIFICATION_RULE}</p>
      </div>
      {records.length > 0 ? (
        <div className="notify-records">
          <h3>
            Recent notifications{' '}
            <span className="muted">
              (
              {status.records.length > records.length
                ? `latest ${records.length} of ${status.records.length}`
                : records.length}
              , newest first)
            </span>
          </h3>
          <ul>
            {records.map((r, i) => (
              <li key={i}>
                {r.create_time !== null ? (
                  <span title={formatRelative(r.create_time, now)}>{formatInstant(r.create_time, zone)}</span>
                ) : (
                  <span className="muted">time unknown</span>
                )}{' '}
                · <code>{r.trigger_event_type ?? 'unknown event type'}</code>
                {r.version_id ? <> · version {r.version_id}</> : null}
                {r.notification_target_name ? <> · to {r.notification_target_name}</> : null} ·{' '}
                {r.notification_status ?? 'status unknown'}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="muted">No notification records for this secret in the last 3 months.</p>
      )}
    </section>
  );
}

import type { NotifyStatus } from '@csms-console/api-contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { Msg, t } from '../../../lib/i18n';
import { formatDate, formatHourMinute, formatInstant, formatRelative, MINUTE_MS } from '../../../lib/time';
import { notifyQueries, useCheckNow } from '../api/queries';

/** While a queued check has not been recorded yet: the status is read this often, for at most CHECK_WAIT_MS. */
export const CHECK_POLL_MS = 2_000;
export const CHECK_WAIT_MS = 45_000;

type Note = 'queued' | 'checked' | 'slow' | null;

/**
 * Is the scheduled evaluation alive: when the last check ran and what it found, the schedule and its next
 * slot; a warning when the last check failed, or when none ran for more than twice the interval (the
 * scheduler may be stopped); for admins "Check now", which queues one and follows it until it is recorded,
 * then refreshes the delivery log. Times are relative and absolute in the page's zone; what changes after a
 * click is said in a live region.
 */
export function SchedulerStatus({ canWrite, zone, now }: { canWrite: boolean; zone: string; now: number }) {
  const queryClient = useQueryClient();
  const [waiting, setWaiting] = useState<{ after: string | null } | null>(null);
  const [note, setNote] = useState<Note>(null);
  const status = useQuery({
    ...notifyQueries.status(),
    ...(waiting && { refetchInterval: CHECK_POLL_MS }),
  });
  const check = useCheckNow();
  const lastId = status.data?.last?.id ?? null;

  useEffect(() => {
    if (waiting === null || lastId === waiting.after) return;
    setWaiting(null);
    setNote('checked');
    void queryClient.invalidateQueries({ queryKey: notifyQueries.deliveryLists() });
  }, [waiting, lastId, queryClient]);
  useEffect(() => {
    if (waiting === null) return;
    const timer = setTimeout(() => {
      setWaiting(null);
      setNote('slow');
      void queryClient.invalidateQueries({ queryKey: notifyQueries.deliveryLists() });
    }, CHECK_WAIT_MS);
    return () => clearTimeout(timer);
  }, [waiting, queryClient]);

  const checkNow = () => {
    setNote(null);
    check.mutate(undefined, {
      onSuccess: () => {
        setNote('queued');
        setWaiting({ after: lastId });
      },
    });
  };

  return (
    <section className="notify-scheduler" aria-label={t('notify.scheduler.label')}>
      <div className="notify-scheduler-line">
        {status.isPending ? (
          <p>{t('notify.scheduler.loading')}</p>
        ) : status.isError ? (
          <ErrorNotice error={status.error} title={t('notify.scheduler.loadError')} />
        ) : (
          <StatusLine status={status.data} zone={zone} now={now} />
        )}
        {canWrite ? (
          <button
            type="button"
            className="button"
            disabled={check.isPending || waiting !== null}
            onClick={checkNow}
          >
            {check.isPending ? t('notify.scheduler.queuing') : t('notify.scheduler.checkNow')}
          </button>
        ) : null}
      </div>
      <p role="status" className="notify-scheduler-note">
        {note ? t(`notify.scheduler.note.${note}`) : null}
      </p>
      {check.isError ? <ErrorNotice error={check.error} title={t('notify.scheduler.checkFailed')} /> : null}
      {status.data ? <StatusWarnings status={status.data} zone={zone} now={now} /> : null}
    </section>
  );
}

/** `16:45` when `ms` is on today's date in `zone`, else the full instant; the full one in the tooltip. */
function When({ ms, zone, now }: { ms: number; zone: string; now: number }) {
  const full = formatInstant(ms, zone);
  return (
    <time dateTime={new Date(ms).toISOString()} title={full}>
      {formatDate(ms, zone) === formatDate(now, zone) ? formatHourMinute(ms, zone) : full}
    </time>
  );
}

function StatusLine({ status, zone, now }: { status: NotifyStatus; zone: string; now: number }) {
  const { last } = status;
  const lastOkAt = status.last_ok_at;
  const count = status.every_minutes;
  const schedule =
    status.next_at === null ? (
      t('notify.scheduler.every', { count })
    ) : (
      <Msg
        id="notify.scheduler.schedule"
        values={{ count, time: <When ms={status.next_at} zone={zone} now={now} /> }}
      />
    );
  let first;
  if (last === null) first = t('notify.scheduler.noneYet');
  else if (last.error === null) {
    const result =
      last.events === 0
        ? t('notify.scheduler.foundNone')
        : t('notify.scheduler.found', { events: last.events, deliveries: last.deliveries });
    first = (
      <Msg
        id="notify.scheduler.last"
        values={{
          relative: formatRelative(last.finished_at ?? last.started_at, now),
          time: <When ms={last.finished_at ?? last.started_at} zone={zone} now={now} />,
          result,
        }}
      />
    );
  } else if (lastOkAt === null) first = t('notify.scheduler.noneOk');
  else
    first = (
      <Msg
        id="notify.scheduler.lastOk"
        values={{
          relative: formatRelative(lastOkAt, now),
          time: <When ms={lastOkAt} zone={zone} now={now} />,
        }}
      />
    );
  return (
    <p className="notify-scheduler-text">
      <Msg id="notify.scheduler.line" values={{ last: first, schedule }} />
    </p>
  );
}

/** The last check failed, or none ran for more than twice the interval. */
function StatusWarnings({ status, zone, now }: { status: NotifyStatus; zone: string; now: number }) {
  const { last } = status;
  if (last === null) return null;
  const stale = now - last.started_at > 2 * status.every_minutes * MINUTE_MS;
  const at = last.finished_at ?? last.started_at;
  return (
    <>
      {last.error !== null ? (
        <div className="notice notice-warn">
          <p className="notice-title">
            <span aria-hidden="true">⚠ </span>
            {t('notify.scheduler.failed', {
              relative: formatRelative(at, now),
              time: formatInstant(at, zone),
            })}
          </p>
          <p className="notify-scheduler-detail">
            {t('notify.detail.technical')}: <code>{last.error}</code>
          </p>
        </div>
      ) : null}
      {stale ? (
        <div className="notice notice-warn">
          <p className="notice-title">
            <span aria-hidden="true">⚠ </span>
            {t('notify.scheduler.stale', {
              relative: formatRelative(last.started_at, now),
              time: formatInstant(last.started_at, zone),
              count: status.every_minutes,
            })}
          </p>
        </div>
      ) : null}
    </>
  );
}

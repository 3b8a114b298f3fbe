import type { AuditEvent } from '@csms-console/api-contract';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { Instant } from '../../../components/ui/instant';
import { auditHref } from '../../../lib/audit-href';
import { t } from '../../../lib/i18n';
import { actionLabel, outcomeLabel, OUTCOME_LOOK, roleLabel } from '../utils/labels';
import { secretHref } from '../../../lib/secret-href';

/**
 * The column headers, in order. Each cell also carries its column's name (`data-label`): on a phone the
 * rows reflow to cards and a cell shows that name above its value (styles.css, audit block).
 */
const columnNames = () => ({
  when: t('audit.table.when'),
  who: t('audit.table.who'),
  action: t('audit.table.action'),
  target: t('audit.table.target'),
  change: t('audit.table.change'),
  reason: t('audit.table.reason'),
  outcome: t('audit.table.outcome'),
  refs: t('audit.table.refs'),
});

/**
 * The events, newest first, one row each (an expiry change is one row: its intent and outcome paired by the
 * BFF). A plain table: the list is paged by the server, so no more than a few hundred rows are ever here.
 */
export function AuditTable({
  events,
  zone,
  now,
  focusRow,
  onFocused,
}: {
  events: AuditEvent[];
  zone: string;
  now: number;
  /** After "Older events": the index of the first new row, which takes focus once it is there. */
  focusRow: number | null;
  onFocused: () => void;
}) {
  const target = useRef<HTMLTableCellElement>(null);
  const ready = focusRow !== null && focusRow < events.length;
  useEffect(() => {
    if (!ready) return;
    target.current?.focus();
    onFocused();
  }, [ready, onFocused]);
  const names = columnNames();
  return (
    <div className="table-scroll">
      <table className="data-table audit-table">
        <caption className="visually-hidden">{t('audit.table.caption', { count: events.length })}</caption>
        <thead>
          <tr>
            {Object.values(names).map((name) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {events.map((event, index) => (
            <tr key={event.id} data-entry={event.id}>
              <th
                scope="row"
                tabIndex={-1}
                ref={index === focusRow ? target : undefined}
                data-label={names.when}
              >
                <Instant ms={event.at} zone={zone} now={now} />
              </th>
              <td data-label={names.who}>
                <Who event={event} />
              </td>
              <td data-label={names.action}>
                {actionLabel(event.action)}
                <ActionDetails event={event} />
              </td>
              <td className="audit-target" data-label={names.target}>
                <Target event={event} />
              </td>
              <td data-label={names.change}>
                <Change event={event} zone={zone} now={now} />
              </td>
              <td className="audit-reason" data-label={names.reason}>
                {event.reason ?? <span className="muted">{t('audit.table.noReason')}</span>}
              </td>
              <td data-label={names.outcome}>
                <Outcome event={event} />
              </td>
              <td data-label={names.refs}>
                <References event={event} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Who({ event }: { event: AuditEvent }) {
  const { name, role } = event.actor;
  if (name === null && role === null) return <span className="muted">{t('audit.table.nobody')}</span>;
  return (
    <>
      <span className="audit-actor">{name ?? t('audit.table.unknownUser')}</span>
      {role ? (
        <>
          {' '}
          <span className="tag">{roleLabel(role)}</span>
        </>
      ) : null}
    </>
  );
}

function ActionDetails({ event }: { event: AuditEvent }) {
  // A denial or refusal says what was asked; the stored details are shown as recorded, not interpreted.
  const route = event.details?.route ?? event.details?.path;
  if (typeof route !== 'string') return null;
  return (
    <>
      <br />
      <code className="muted">{route}</code>
    </>
  );
}

function Target({ event }: { event: AuditEvent }) {
  if (event.secret === null) {
    return event.account ? <span>{event.account}</span> : <span className="muted">—</span>;
  }
  return (
    <>
      {event.account ? <span className="muted">{event.account} / </span> : null}
      {event.account ? (
        <Link to={secretHref(event.account, event.secret)}>{event.secret}</Link>
      ) : (
        event.secret
      )}
      {event.version ? (
        <>
          {' / '}
          <code>{event.version}</code>
        </>
      ) : null}
    </>
  );
}

function Change({ event, zone, now }: { event: AuditEvent; zone: string; now: number }) {
  if (event.action !== 'version.update') return <span className="muted">—</span>;
  const after = event.after_expire_time;
  const requested = event.requested_expire_time;
  const afterKnown = event.outcome !== 'pending' && !(event.outcome === 'failed' && after === null);
  return (
    <div className="audit-change">
      <span className="visually-hidden">{t('audit.change.before')} </span>
      <Instant ms={event.before_expire_time} zone={zone} now={now} relative={false} showUtc />
      <span aria-hidden="true" className="audit-arrow">
        {' → '}
      </span>
      <span className="visually-hidden">{t('audit.change.after')} </span>
      {afterKnown ? (
        <Instant ms={after} zone={zone} now={now} relative={false} showUtc />
      ) : (
        <span className="muted">
          {event.outcome === 'pending' ? t('audit.change.notKnown') : t('audit.change.unchanged')}
        </span>
      )}
      {requested !== null && (!afterKnown || requested !== after) ? (
        <div className="audit-requested">
          {t('audit.change.requested')}{' '}
          <Instant ms={requested} zone={zone} now={now} relative={false} showUtc />
        </div>
      ) : null}
    </div>
  );
}

function Outcome({ event }: { event: AuditEvent }) {
  const look = OUTCOME_LOOK[event.outcome];
  return (
    <>
      <span className={`status status-${look.tone}`}>
        <span aria-hidden="true">{look.icon} </span>
        {outcomeLabel(event.outcome)}
      </span>
      {event.csms_error_code ? (
        <>
          <br />
          <span className="muted">
            {t('errorRefs.csmsCode')} <code>{event.csms_error_code}</code>
          </span>
        </>
      ) : null}
    </>
  );
}

function References({ event }: { event: AuditEvent }) {
  return (
    <dl className="audit-refs">
      <dt>{t('audit.refs.entry')}</dt>
      <dd>
        <Link to={auditHref({ entry: event.id })} aria-label={t('audit.refs.entryLink', { id: event.id })}>
          <code>{event.id}</code>
        </Link>
      </dd>
      {event.csms_request_id ? (
        <>
          <dt>{t('audit.refs.csmsRequest')}</dt>
          <dd>
            <code>{event.csms_request_id}</code>
          </dd>
        </>
      ) : null}
      {event.batch_id ? (
        <>
          <dt>{t('audit.refs.batch')}</dt>
          <dd>
            <Link
              to={auditHref({ batch: event.batch_id })}
              aria-label={t('audit.refs.batchLink', { id: event.batch_id })}
            >
              <code>{event.batch_id}</code>
            </Link>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

import type { AuditEvent } from '@csms-console/api-contract';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { Instant } from '../../../components/ui/instant';
import { auditHref } from '../../../lib/audit-href';
import { ACTION_LABEL, OUTCOME_LABEL, OUTCOME_LOOK, ROLE_LABEL } from '../utils/labels';

const secretHref = (account: string, secret: string) =>
  `/accounts/${encodeURIComponent(account)}/secrets/${encodeURIComponent(secret)}`;

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
  return (
    <div className="table-scroll">
      <table className="data-table audit-table">
        <caption className="visually-hidden">Audit events, newest first, {events.length} shown</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Secret / version</th>
            <th scope="col">Expiry before → after</th>
            <th scope="col">Reason</th>
            <th scope="col">Outcome</th>
            <th scope="col">References</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event, index) => (
            <tr key={event.id} data-entry={event.id}>
              <th scope="row" tabIndex={-1} ref={index === focusRow ? target : undefined}>
                <Instant ms={event.at} zone={zone} now={now} />
              </th>
              <td>
                <Who event={event} />
              </td>
              <td>
                {ACTION_LABEL[event.action]}
                <ActionDetails event={event} />
              </td>
              <td className="audit-target">
                <Target event={event} />
              </td>
              <td>
                <Change event={event} zone={zone} now={now} />
              </td>
              <td className="audit-reason">{event.reason ?? <span className="muted">None given</span>}</td>
              <td>
                <Outcome event={event} />
              </td>
              <td>
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
  if (name === null && role === null) return <span className="muted">Nobody signed in</span>;
  return (
    <>
      <span className="audit-actor">{name ?? 'Unknown user'}</span>
      {role ? (
        <>
          {' '}
          <span className="tag">{ROLE_LABEL[role]}</span>
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
      <span className="visually-hidden">Before: </span>
      <Instant ms={event.before_expire_time} zone={zone} now={now} relative={false} showUtc />
      <span aria-hidden="true" className="audit-arrow">
        {' → '}
      </span>
      <span className="visually-hidden">After: </span>
      {afterKnown ? (
        <Instant ms={after} zone={zone} now={now} relative={false} showUtc />
      ) : (
        <span className="muted">{event.outcome === 'pending' ? 'Not known yet' : 'Unchanged'}</span>
      )}
      {requested !== null && (!afterKnown || requested !== after) ? (
        <div className="audit-requested">
          Requested: <Instant ms={requested} zone={zone} now={now} relative={false} showUtc />
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
        {OUTCOME_LABEL[event.outcome]}
      </span>
      {event.csms_error_code ? (
        <>
          <br />
          <span className="muted">
            CSMS code <code>{event.csms_error_code}</code>
          </span>
        </>
      ) : null}
    </>
  );
}

function References({ event }: { event: AuditEvent }) {
  return (
    <dl className="audit-refs">
      <dt>Entry</dt>
      <dd>
        <Link to={auditHref({ entry: event.id })} aria-label={`Entry ${event.id}: show this entry alone`}>
          <code>{event.id}</code>
        </Link>
      </dd>
      {event.csms_request_id ? (
        <>
          <dt>CSMS request</dt>
          <dd>
            <code>{event.csms_request_id}</code>
          </dd>
        </>
      ) : null}
      {event.batch_id ? (
        <>
          <dt>Batch</dt>
          <dd>
            <Link
              to={auditHref({ batch: event.batch_id })}
              aria-label={`Batch ${event.batch_id}: show every change of this batch`}
            >
              <code>{event.batch_id}</code>
            </Link>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

import type { UpdateExpiryResult } from '@csms-console/api-contract';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { DialogFooter } from '../../../components/ui/dialog-footer';
import { Instant } from '../../../components/ui/instant';
import { auditHref } from '../../../lib/audit-href';

function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

/** After a save: what CSMS stores now (read back), and the audit reference. */
export function ExpirySaved(props: {
  result: UpdateExpiryResult;
  requested: number;
  now: number;
  onClose: () => void;
}) {
  const { result, requested, now } = props;
  const stored = result.version.expire_time;
  const closeRef = useFocusOnMount<HTMLButtonElement>();
  return (
    <>
      <div className="dialog-body">
        <div className="notice notice-ok" role="status">
          <p className="notice-title">
            <span aria-hidden="true">✓ </span>Saved: CSMS now stores this expiry for {result.version.id}
          </p>
          <dl className="facts">
            <dt>Stored expiry</dt>
            <dd>
              <Instant ms={stored} now={now} labelled showUtc />
            </dd>
          </dl>
          <p>
            The change was recorded in the audit log (audit id{' '}
            <Link to={auditHref({ entry: result.audit_id })}>
              <code>{result.audit_id}</code>
            </Link>
            ).
          </p>
        </div>
        {stored !== requested ? (
          <div className="notice notice-warn" role="alert">
            <p className="notice-title">
              <span aria-hidden="true">⚠ </span>CSMS stored a different value than requested
            </p>
            <p>Requested:</p>
            <Instant ms={requested} now={now} labelled showUtc />
          </div>
        ) : null}
      </div>
      <DialogFooter>
        <button ref={closeRef} type="button" className="button primary" onClick={props.onClose}>
          Close
        </button>
      </DialogFooter>
    </>
  );
}

/** 409 expire_time_changed: someone else changed the expiry after this dialog read it. */
export function ExpiryConflict(props: {
  current: number | null;
  now: number;
  onRetry: () => void;
  onClose: () => void;
}) {
  const retryRef = useFocusOnMount<HTMLButtonElement>();
  return (
    <>
      <div className="dialog-body">
        <div className="notice notice-warn" role="alert">
          <p className="notice-title">
            <span aria-hidden="true">⚠ </span>Someone changed this expiry in the meantime
          </p>
          <p>Nothing was saved. The expiry CSMS holds now is:</p>
          <Instant ms={props.current} now={props.now} labelled showUtc />
          <p>Your date, time and reason are kept: retry to check them against the new value.</p>
        </div>
      </div>
      <DialogFooter>
        <button type="button" className="button" onClick={props.onClose}>
          Close
        </button>
        <button ref={retryRef} type="button" className="button primary" onClick={props.onRetry}>
          Retry from the new value
        </button>
      </DialogFooter>
    </>
  );
}

/** A reason the editor cannot be used (role, secret state, support window, secret no longer enabled). */
export function ExpiryUnavailable(props: { title: string; reason: string; onClose: () => void }) {
  const closeRef = useFocusOnMount<HTMLButtonElement>();
  return (
    <>
      <div className="dialog-body">
        <div className="notice notice-info" role="status">
          <p className="notice-title">{props.title}</p>
          <p>{props.reason}</p>
        </div>
      </div>
      <DialogFooter>
        <button ref={closeRef} type="button" className="button primary" onClick={props.onClose}>
          Close
        </button>
      </DialogFooter>
    </>
  );
}

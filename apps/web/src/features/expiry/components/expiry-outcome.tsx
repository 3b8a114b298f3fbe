import type { UpdateExpiryResult } from '@csms-console/api-contract';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { DialogFooter } from '../../../components/ui/dialog-footer';
import { Instant } from '../../../components/ui/instant';
import { auditHref } from '../../../lib/audit-href';
import { Msg, t } from '../../../lib/i18n';

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
            <span aria-hidden="true">✓ </span>
            {t('expiry.saved.title', { id: result.version.id })}
          </p>
          <dl className="facts">
            <dt>{t('expiry.saved.stored')}</dt>
            <dd>
              <Instant ms={stored} now={now} labelled showUtc />
            </dd>
          </dl>
          <p>
            <Msg
              id="expiry.saved.audit"
              values={{
                audit: (
                  <Link to={auditHref({ entry: result.audit_id })}>
                    <code>{result.audit_id}</code>
                  </Link>
                ),
              }}
            />
          </p>
        </div>
        {stored !== requested ? (
          <div className="notice notice-warn" role="alert">
            <p className="notice-title">
              <span aria-hidden="true">⚠ </span>
              {t('expiry.saved.differentTitle')}
            </p>
            <p>{t('expiry.saved.requested')}</p>
            <Instant ms={requested} now={now} labelled showUtc />
          </div>
        ) : null}
      </div>
      <DialogFooter>
        <button ref={closeRef} type="button" className="button primary" onClick={props.onClose}>
          {t('expiry.close')}
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
            <span aria-hidden="true">⚠ </span>
            {t('expiry.conflict.title')}
          </p>
          <p>{t('expiry.conflict.nothingSaved')}</p>
          <Instant ms={props.current} now={props.now} labelled showUtc />
          <p>{t('expiry.conflict.kept')}</p>
        </div>
      </div>
      <DialogFooter>
        <button type="button" className="button" onClick={props.onClose}>
          {t('expiry.close')}
        </button>
        <button ref={retryRef} type="button" className="button primary" onClick={props.onRetry}>
          {t('expiry.conflict.retry')}
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
          {t('expiry.close')}
        </button>
      </DialogFooter>
    </>
  );
}

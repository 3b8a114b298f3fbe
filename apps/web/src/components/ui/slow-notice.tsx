import { useRef } from 'react';
import { t } from '../../lib/i18n';
import type { SlowRead } from '../../lib/slow-read';

/**
 * A read that has not answered after about 3 s (lib/slow-read.ts), in place of "Loading…": it says CSMS is
 * slow and offers Cancel (aborts the request) and Retry (a new request now); after Cancel, it says nothing is
 * loading, with Retry. A polite status: announced when it appears and when it changes, and the user's
 * focus, on Cancel, moves to Retry rather than being lost with the button that went away.
 */
export function SlowNotice({
  hold,
  onRetry,
  title,
}: {
  hold: SlowRead;
  onRetry?: (() => void) | undefined;
  /** Who is slow, when it is not CSMS (the console's own session check). */
  title?: string;
}) {
  const retry = useRef<HTMLButtonElement>(null);
  const slow = hold.kind === 'slow';
  return (
    <div className="notice notice-info slow-notice" role="status" aria-live="polite">
      <p className="notice-title">
        {slow ? <span className="spinner" aria-hidden="true" /> : null}{' '}
        {slow ? (title ?? t('app.slowRead.title')) : t('app.slowRead.cancelledTitle')}
      </p>
      <p>{slow ? t('app.slowRead.waiting') : t('app.slowRead.cancelled')}</p>
      <p className="slow-notice-actions">
        {slow ? (
          <button
            type="button"
            className="button small"
            onClick={() => {
              hold.cancel();
              retry.current?.focus();
            }}
          >
            {t('app.slowRead.cancel')}
          </button>
        ) : null}
        {onRetry ? (
          <button ref={retry} type="button" className="button small" onClick={onRetry}>
            {t('app.slowRead.retry')}
          </button>
        ) : null}
      </p>
    </div>
  );
}

import type { ApiError } from '../../lib/api-client';
import { errorText } from '../../lib/error-text';
import { Msg, t } from '../../lib/i18n';
import type { ReadHoldUp, RetryWait } from '../../lib/retry-wait';
import { useSecondsLeft } from '../../lib/use-seconds-left';
import { ErrorRefs } from './error-notice';
import { SlowNotice } from './slow-notice';

function reasonFor(error: ApiError): string {
  return error.status === 429 || error.code === 'upstream_throttled'
    ? t('retry.slowDown')
    : t('retry.unavailable');
}

/**
 * A 429/503 in place, inside the page or dialog it concerns: the header and what the page already shows
 * stay. For a read it is a polite status ("retrying in 12 s", then "Retry now" once the retries are used
 * up); for a refused write it is an alert, as any failed save is, that says when saving again makes sense
 * and that nothing is resent by itself. Title and sentences are announced when they change, the ticking
 * seconds are not (a `timer`, `aria-live="off"`, in a region that is not atomic), so a screen reader is not
 * read a number every second. "Retry now" is an ordinary button in the tab order; nothing takes focus.
 * A read that is only slow, or that the user cancelled, is the SlowNotice (Cancel, Retry) in the same place.
 */
export function RetryNotice({
  wait,
  onRetry,
  title,
}: {
  wait: ReadHoldUp;
  onRetry?: () => void;
  /** What failed, when the notice is about one action (e.g. "The change was not saved"). */
  title?: string;
}) {
  if (wait.kind === 'slow' || wait.kind === 'cancelled') return <SlowNotice hold={wait} onRetry={onRetry} />;
  return <WaitNotice wait={wait} onRetry={onRetry} title={title} />;
}

function WaitNotice({
  wait,
  onRetry,
  title,
}: {
  wait: RetryWait;
  onRetry?: (() => void) | undefined;
  title?: string | undefined;
}) {
  const seconds = useSecondsLeft(wait.kind === 'stopped' ? null : wait.retryAt);
  const { error } = wait;
  const timer = (
    <span role="timer" aria-live="off" aria-atomic="true">
      {t('retry.seconds', { seconds })}
    </span>
  );
  const reason = reasonFor(error);
  return (
    <div
      className="notice notice-warn retry-notice"
      role={wait.kind === 'manual' ? 'alert' : 'status'}
      aria-live={wait.kind === 'manual' ? 'assertive' : 'polite'}
      aria-atomic="false"
    >
      <p className="notice-title">
        <span aria-hidden="true">↻ </span>
        {title ?? reason}
      </p>
      {title ? <p>{reason}.</p> : null}
      {/* The code's sentence says why (CSMS unreachable, restarting...); a 429's would name a stale wait. */}
      {error.status === 429 ? null : <p>{errorText(error)}</p>}
      {wait.kind === 'auto' ? (
        <p>{seconds === 0 ? t('retry.retryingNow') : <Msg id="retry.retryingIn" values={{ timer }} />}</p>
      ) : wait.kind === 'stopped' ? (
        <p>{t('retry.stopped')}</p>
      ) : (
        <p>
          {t('retry.notResent')}{' '}
          {seconds === 0 ? t('retry.saveAgainNow') : <Msg id="retry.saveAgainIn" values={{ timer }} />}
        </p>
      )}
      <ErrorRefs error={error} />
      {onRetry && wait.kind !== 'manual' ? (
        <button type="button" className="button small" onClick={onRetry}>
          {t('common.retryNow')}
        </button>
      ) : null}
    </div>
  );
}

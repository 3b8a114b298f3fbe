import { useEffect, useId, useRef } from 'react';
import { useNavigate } from 'react-router';
import { DialogFooter } from '../../../components/ui/dialog-footer';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { Msg, t } from '../../../lib/i18n';
import { useSecondsLeft } from '../../../lib/use-seconds-left';
import { useKeepAlive, useLogout } from '../api/queries';
import { endsAt } from '../utils/session-deadline';
import { useIdleWarning } from '../utils/use-idle-warning';

/**
 * The warning before the session ends (utils/use-idle-warning.ts decides when): shown over whatever the user
 * was doing, an editor included, which stays as it was underneath.
 */
export function IdleWarning() {
  const { deadline, showing, absolute, dismiss } = useIdleWarning();
  if (!showing || !deadline) return null;
  return <IdleWarningDialog until={endsAt(deadline)} absolute={absolute} onDismiss={dismiss} />;
}

/** `m:ss` */
function clock(seconds: number): string {
  const s = seconds % 60;
  return `${Math.floor(seconds / 60)}:${s < 10 ? '0' : ''}${s}`;
}

/**
 * A modal alert dialog (`role="alertdialog"`, native `<dialog>` so focus stays inside): its title and
 * sentence are read once when it opens; the countdown inside is a `timer` that is not announced each
 * second. Focus starts on "Stay signed in" (Escape does the same); closing returns focus where it was.
 * When the absolute limit ends the session, staying is not possible: it says so and offers to continue.
 */
function IdleWarningDialog({
  until,
  absolute,
  onDismiss,
}: {
  /** When the session ends (browser clock, ms). */
  until: number;
  absolute: boolean;
  onDismiss: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const primary = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const navigate = useNavigate();
  const keepAlive = useKeepAlive();
  const logout = useLogout();
  const seconds = useSecondsLeft(until) ?? 0;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    primary.current?.focus();
    return () => {
      if (dialog.open) dialog.close();
    };
  }, []);

  const stay = () => {
    if (!keepAlive.isPending) keepAlive.mutate();
  };
  // Not `mutate`'s own onSettled: signing out ends the deadline, which unmounts this dialog first.
  // Signed out or not (a failed sign-out is shown nowhere better than on the sign-in page), go there.
  const signOut = () =>
    void logout
      .mutateAsync()
      .catch(() => undefined)
      .then(() => navigate('/login'));
  const timer = (
    <span role="timer" aria-live="off" className="idle-warning-timer">
      {clock(seconds)}
    </span>
  );

  return (
    <dialog
      ref={ref}
      className="dialog idle-warning"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        event.preventDefault();
        if (absolute) onDismiss();
        else stay();
      }}
    >
      <div className="dialog-header">
        <h2 id={titleId}>{absolute ? t('session.idle.absoluteTitle') : t('session.idle.title')}</h2>
      </div>
      <div className="dialog-body">
        <p id={bodyId}>
          <Msg id={absolute ? 'session.idle.absoluteBody' : 'session.idle.body'} values={{ timer }} />
        </p>
        {keepAlive.error ? <ErrorNotice error={keepAlive.error} title={t('session.idle.failed')} /> : null}
      </div>
      <DialogFooter>
        <button type="button" className="button" onClick={signOut} disabled={logout.isPending}>
          {t('session.idle.signOut')}
        </button>
        {absolute ? (
          <button ref={primary} type="button" className="button primary" onClick={onDismiss}>
            {t('session.idle.continue')}
          </button>
        ) : (
          <button ref={primary} type="button" className="button primary" onClick={stay}>
            {keepAlive.isPending ? t('session.idle.staying') : t('session.idle.stay')}
          </button>
        )}
      </DialogFooter>
    </dialog>
  );
}

import { useEffect, useState, useSyncExternalStore } from 'react';
import { isApiError, onSessionUse } from '../../../lib/api-client';
import { checkSession } from '../api/queries';
import {
  endsAbsolutely,
  endsAt,
  recordSessionUse,
  sessionDeadline,
  subscribeSessionDeadline,
  warnAt,
  type SessionDeadline,
} from './session-deadline';

/** While the warning shows, how often the server is asked again (another tab may have used the session). */
export const RECHECK_MS = 15_000;
/** Never ask the server more than once a second, whatever the clocks say. */
const MIN_CHECK_GAP_MS = 1_000;

export interface IdleWarningState {
  deadline: SessionDeadline | null;
  /** Show the warning: the server confirmed, within the warning window, that the session ends then. */
  showing: boolean;
  /** The absolute limit ends it: "stay signed in" cannot help. */
  absolute: boolean;
  /** Hide the absolute-limit warning (it cannot be acted on); the sign-in page follows at the end. */
  dismiss: () => void;
}

/**
 * The warning before the session ends. It follows this tab's estimate of the end (session-deadline.ts) and,
 * when the warning is due, asks the server first (`GET /bff/session`, which does not extend the session):
 * another tab may have used it, so nothing is shown, and nobody is signed out, on this tab's estimate alone.
 * While the warning shows it asks again every RECHECK_MS and at the end; the BFF's 401 then sends the app to
 * sign in (app/provider.tsx), as any ended session does. Timers of a hidden tab may run late, so coming back
 * to the tab looks again at once. If the server cannot be asked (a network blip), the estimate decides.
 */
export function useIdleWarning(check: () => Promise<unknown> = checkSession): IdleWarningState {
  const deadline = useSyncExternalStore(subscribeSessionDeadline, sessionDeadline);
  // When the last check ended (browser clock): a new value after every check, so the next one is planned.
  const [checkedAt, setCheckedAt] = useState<number | null>(null);
  const [wake, setWake] = useState(0);
  const [dismissedFor, setDismissedFor] = useState<number | null>(null);

  useEffect(() => onSessionUse(recordSessionUse), []);

  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') setWake((n) => n + 1);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, []);

  useEffect(() => {
    if (!deadline) return;
    const inWindow = checkedAt !== null && checkedAt >= warnAt(deadline);
    const due = inWindow ? Math.min(endsAt(deadline), checkedAt + RECHECK_MS) : warnAt(deadline);
    const next = Math.max(due, (checkedAt ?? 0) + MIN_CHECK_GAP_MS);
    // A check's answer counts whenever it lands (it moves the deadline itself, re-running this effect
    // before it resolves): what matters is that the server was asked then.
    const timer = setTimeout(
      () => {
        check().then(
          () => setCheckedAt(Date.now()),
          (error: unknown) => {
            // Signed out: the app is on its way to the sign-in page. Anything else: trust the estimate.
            if (!isApiError(error, 'unauthenticated')) setCheckedAt(Date.now());
          },
        );
      },
      Math.max(0, next - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [deadline, checkedAt, wake, check]);

  const absolute = deadline !== null && endsAbsolutely(deadline);
  const showing =
    deadline !== null &&
    checkedAt !== null &&
    checkedAt >= warnAt(deadline) &&
    !(absolute && dismissedFor === deadline.absoluteAt);
  return {
    deadline,
    showing,
    absolute,
    dismiss: () => setDismissedFor(deadline?.absoluteAt ?? null),
  };
}

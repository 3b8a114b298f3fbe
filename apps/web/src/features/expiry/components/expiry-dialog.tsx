import type { SecretSummary, SessionUser, Version } from '@csms-console/api-contract';
import type { QueryKey } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { t } from '../../../lib/i18n';
import { clearDraft } from '../utils/draft';
import { ExpiryEditor } from './expiry-editor';

export interface ExpiryDialogProps {
  account: string;
  secret: SecretSummary;
  /** The version being edited, as the secret page last read it. */
  version: Version;
  /** All versions of the secret (for "same as SYSCURRENT"). */
  versions: readonly Version[];
  user: SessionUser;
  /** Close the dialog (the page removes `?edit=` from the URL and returns focus to the row's button). */
  onClose: () => void;
  /**
   * The query key of the secret's data (from its query factory): refreshed after every answer that may mean
   * CSMS holds something else now (a save, a 409, a 422 asking for confirmation).
   */
  refreshes: QueryKey;
}

const TITLE_ID = 'expiry-dialog-title';

/**
 * The expiry editor in a native modal `<dialog>`: `showModal()` traps focus and Escape closes it. Every way
 * of closing calls `onClose` once, at the moment the user closes (the Close/Cancel click, the Escape
 * `cancel` event), not on the `close` event, which the browser queues for later: a key pressed on the
 * re-focused row button in between must open the editor again, not be undone by a late close. The browser returns focus
 * to what was focused before opening; the page may then focus the row's button (same element, no fight).
 * The dialog's own state (the form, the step) ignores later changes of `version`: after a refetch the editor
 * keeps what the user typed and the value it is comparing against. Closing it is the user's "done": the
 * editor's kept draft goes too (it is kept only for an editor that went away without being closed).
 */
export function ExpiryDialog(props: ExpiryDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const busy = useRef(false);
  const onCloseRef = useRef(props.onClose);
  onCloseRef.current = props.onClose;
  const owner = useRef({
    user: props.user.sub,
    account: props.account,
    secret: props.secret.name,
    version: props.version.id,
  });
  const notified = useRef(false);
  const notifyClosed = useCallback(() => {
    if (notified.current) return;
    notified.current = true;
    clearDraft(owner.current);
    onCloseRef.current();
  }, []);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const onClose = () => {
      // StrictMode re-opens the dialog right after its first cleanup; that close is not the user's.
      if (!dialog.open) notifyClosed();
    };
    const onCancel = (event: Event) => {
      if (busy.current) event.preventDefault();
      else notifyClosed();
    };
    dialog.addEventListener('close', onClose);
    dialog.addEventListener('cancel', onCancel);
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      dialog.removeEventListener('close', onClose);
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
    };
  }, [notifyClosed]);

  const requestClose = useCallback(() => {
    ref.current?.close();
    notifyClosed();
  }, [notifyClosed]);
  const onBusyChange = useCallback((value: boolean) => {
    busy.current = value;
  }, []);

  return (
    <dialog ref={ref} className="dialog expiry-dialog" aria-labelledby={TITLE_ID}>
      <div className="dialog-header">
        <h2 id={TITLE_ID}>{t('expiry.dialog.title', { id: props.version.id })}</h2>
        <p className="muted expiry-dialog-subtitle">
          <span className="mono">{props.secret.name}</span>
          {props.version.version_stages.length > 0 ? (
            <span> · {props.version.version_stages.join(', ')}</span>
          ) : null}
        </p>
      </div>
      <ExpiryEditor {...props} requestClose={requestClose} onBusyChange={onBusyChange} />
    </dialog>
  );
}

export default ExpiryDialog;

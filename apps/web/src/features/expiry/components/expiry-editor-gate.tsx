import type { SecretDetail, SessionUser } from '@csms-console/api-contract';
import type { QueryKey } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { t } from '../../../lib/i18n';
import { editRefusal } from '../utils/access';

// The editor (form, calendar) loads only when someone opens it: it is not part of the initial JS.
const ExpiryDialog = lazy(() => import('./expiry-dialog').then((m) => ({ default: m.ExpiryDialog })));

/**
 * What `?edit=<id>` opens: the editor, or a notice saying why it cannot open (no such version, role, state,
 * support window). Once the editor opened for a version it stays open until closed, even if a save or the
 * clock makes the version ineligible meanwhile (a support user's extension moves it out of their window).
 */
export function ExpiryEditorGate({
  account,
  detail,
  user,
  editId,
  now,
  refreshes,
  onClose,
  onDismiss,
}: {
  account: string;
  detail: SecretDetail;
  user: SessionUser;
  editId: string;
  now: number;
  /** The secret's query key (its factory's), refreshed after a save or a stale answer. */
  refreshes: QueryKey;
  onClose: () => void;
  onDismiss: () => void;
}) {
  const [openedFor, setOpenedFor] = useState<string | null>(null);
  const version = detail.versions.find((v) => v.id === editId);
  const refusal = editRefusal(user.expiry_policy, detail, editId, now);
  const showDialog = version !== undefined && (refusal === null || openedFor === editId);
  if (showDialog && openedFor !== editId) setOpenedFor(editId);

  if (!showDialog) {
    return refusal === null ? null : (
      <div className="notice notice-warn" role="alert">
        <p>{refusal}</p>
        <button type="button" className="button small" onClick={onDismiss}>
          {t('expiry.gate.dismiss')}
        </button>
      </div>
    );
  }
  return (
    <Suspense
      fallback={
        <p role="status" className="page-status">
          {t('expiry.gate.opening')}
        </p>
      }
    >
      <ExpiryDialog
        account={account}
        secret={detail.secret}
        version={version}
        versions={detail.versions}
        user={user}
        refreshes={refreshes}
        onClose={() => {
          setOpenedFor(null);
          onClose();
        }}
      />
    </Suspense>
  );
}

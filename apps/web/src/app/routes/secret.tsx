import type { SecretDetail, SessionUser, Version } from '@csms-console/api-contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useParams, useSearchParams } from 'react-router';
import { ErrorNotice } from '../../components/ui/error-notice';
import { RetryNotice } from '../../components/ui/retry-notice';
import { editability } from '../../features/expiry/utils/rules';
import { sessionQueries } from '../../features/session/api/queries';
import { secretQueries } from '../../features/versions/api/queries';
import { SecretBreadcrumb } from '../../features/versions/components/secret-breadcrumb';
import { SecretNotFound } from '../../features/versions/components/secret-not-found';
import { SecretView } from '../../features/versions/components/secret-view';
import {
  changeExpiryButtonId,
  versionRowHeaderId,
  type RowAction,
} from '../../features/versions/components/versions-table';
import { SECRET_STATE_DISPLAY } from '../../features/versions/utils/versions';
import { isApiError } from '../../lib/api-client';
import { useNow } from '../../lib/clock';
import { useQueryRetry } from '../../lib/retry-wait';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useZone } from '../../lib/zone';

// The editor (form, calendar) loads only when someone opens it: it is not part of the initial JS.
const ExpiryDialog = lazy(() =>
  import('../../features/expiry/components/expiry-dialog').then((m) => ({ default: m.ExpiryDialog })),
);

const STATE_NOTICE_ID = 'secret-not-editable';

/** The list passes its own search (`?name=&state=...`) as `state.listSearch` so "back" keeps the filters. */
function listHrefFrom(account: string, state: unknown): string {
  const base = `/accounts/${encodeURIComponent(account)}/secrets`;
  const search = (state as { listSearch?: unknown } | null)?.listSearch;
  return typeof search === 'string' && search.startsWith('?') ? base + search : base;
}

/** Per version: hidden for read-only roles, disabled with the reason, or enabled. */
function rowAction(user: SessionUser, detail: SecretDetail, version: Version, now: number): RowAction {
  const policy = user.expiry_policy;
  if (!policy.can_edit) return { kind: 'hidden' };
  const verdict = editability({
    policy,
    secretState: detail.secret.state,
    current: version.expire_time,
    now,
  });
  if (verdict.editable) return { kind: 'enabled' };
  if (detail.secret.state !== 'ENABLED') {
    return {
      kind: 'disabled',
      reason: `Not editable while the secret is ${detail.secret.state} (see the notice above).`,
      describedBy: STATE_NOTICE_ID,
    };
  }
  return { kind: 'disabled', reason: verdict.reason };
}

/** Why `?edit=` names nothing the user can open, or null when the editor may open. */
function editRefusal(user: SessionUser, detail: SecretDetail, id: string, now: number): string | null {
  const version = detail.versions.find((v) => v.id === id);
  if (!version) return `This secret has no version ${id}.`;
  const verdict = editability({
    policy: user.expiry_policy,
    secretState: detail.secret.state,
    current: version.expire_time,
    now,
  });
  return verdict.editable ? null : `Version ${id} cannot be changed here. ${verdict.reason}`;
}

export function SecretRoute() {
  const { account = '', secret = '' } = useParams();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  const detailOptions = secretQueries.detail(account, secret);
  const detailQuery = useQuery(detailOptions);
  // A 429/503: what is on screen stays, with a notice that retries after the server's Retry-After.
  const { wait, retryNow } = useQueryRetry(detailQuery, detailOptions.queryKey);
  const retryNotice = wait ? <RetryNotice wait={wait} onRetry={retryNow} /> : null;
  const userQuery = useQuery(sessionQueries.user());
  const { zone } = useZone();
  const now = useNow();
  useDocumentTitle(secret);

  const listHref = listHrefFrom(account, location.state);
  const editId = params.get('edit');
  // Once the editor opened for a version, it stays open until closed, even if a save or the clock makes the
  // version ineligible meanwhile (a support user's extension moves it out of their window).
  const [openedFor, setOpenedFor] = useState<string | null>(null);
  const focusAfterClose = useRef<string | null>(null);

  const setEdit = useCallback(
    (id: string | null) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (id === null) next.delete('edit');
          else next.set('edit', id);
          return next;
        },
        { state: location.state as unknown, replace: id === null },
      );
    },
    [setParams, location.state],
  );

  useEffect(() => {
    if (editId !== null || focusAfterClose.current === null) return;
    // Back to the row's button; if a save made the version ineligible (button disabled), to the row itself.
    const button = document.getElementById(changeExpiryButtonId(focusAfterClose.current));
    const target =
      button instanceof HTMLButtonElement && !button.disabled
        ? button
        : document.getElementById(versionRowHeaderId(focusAfterClose.current));
    target?.focus();
    focusAfterClose.current = null;
  }, [editId]);

  const refresh = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: secretQueries.detail(account, secret).queryKey }),
    [queryClient, account, secret],
  );

  const header = (
    <>
      <SecretBreadcrumb account={account} listHref={listHref} secret={secret} />
      <h1>{secret}</h1>
    </>
  );

  if (detailQuery.isError && !retryNotice) {
    return (
      <div className="page secret-page">
        {header}
        {isApiError(detailQuery.error, 'secret_not_found') ? (
          <SecretNotFound account={account} secret={secret} listHref={listHref} />
        ) : (
          <ErrorNotice error={detailQuery.error} title="The secret could not be loaded" />
        )}
      </div>
    );
  }
  const detail = detailQuery.data;
  const user = userQuery.data;
  if (!detail || !user) {
    if (retryNotice) {
      return (
        <div className="page secret-page">
          {header}
          {retryNotice}
        </div>
      );
    }
    return (
      <div className="page secret-page" aria-busy="true">
        {header}
        <p role="status" className="page-status">
          Loading secret…
        </p>
        <div className="skeleton" aria-hidden="true" />
      </div>
    );
  }

  const editVersion = editId === null ? undefined : detail.versions.find((v) => v.id === editId);
  const refusal = editId === null ? null : editRefusal(user, detail, editId, now);
  const showDialog = editVersion !== undefined && (refusal === null || openedFor === editId);
  if (showDialog && openedFor !== editId) setOpenedFor(editId);

  const closeEditor = () => {
    focusAfterClose.current = editId;
    setOpenedFor(null);
    setEdit(null);
  };
  const state = detail.secret.state;
  const readOnly = !user.expiry_policy.can_edit;

  return (
    <div className="page secret-page">
      {header}
      <SecretView
        detail={detail}
        zone={zone}
        now={now}
        actionFor={(version) => rowAction(user, detail, version, now)}
        onChangeExpiry={(id) => setEdit(id)}
        pageNotices={
          <>
            {retryNotice}
            {state !== 'ENABLED' ? (
              <div id={STATE_NOTICE_ID} className="notice notice-warn">
                <p className="notice-title">
                  <span aria-hidden="true">⊘ </span>
                  This secret is {SECRET_STATE_DISPLAY[state].label.toLowerCase()} ({state}): no expiry can be
                  changed
                </p>
                <p>
                  CSMS refuses expiry changes to the versions of a secret that is not ENABLED.{' '}
                  {state === 'PENDING_DELETE'
                    ? 'Cancel the scheduled deletion and enable the secret in CSMS first'
                    : 'Enable the secret in CSMS first'}
                  ; the versions and their expiries below stay readable.
                </p>
              </div>
            ) : null}
            {editId !== null && !showDialog && refusal !== null ? (
              <div className="notice notice-warn" role="alert">
                <p>{refusal}</p>
                <button type="button" className="button small" onClick={() => setEdit(null)}>
                  Dismiss
                </button>
              </div>
            ) : null}
          </>
        }
        tableNotices={
          readOnly ? (
            <p className="read-only-note">
              <span aria-hidden="true">ℹ </span>
              Your role is read-only: you can see every version&apos;s expiry but not change it.
            </p>
          ) : null
        }
      />
      {showDialog ? (
        <Suspense
          fallback={
            <p role="status" className="page-status">
              Opening the editor…
            </p>
          }
        >
          <ExpiryDialog
            account={account}
            secret={detail.secret}
            version={editVersion}
            versions={detail.versions}
            user={user}
            onClose={closeEditor}
            onSaved={refresh}
            onStale={refresh}
          />
        </Suspense>
      ) : null}
    </div>
  );
}

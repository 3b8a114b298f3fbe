import type { SecretDetail, SessionUser, Version } from '@csms-console/api-contract';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useLocation } from 'react-router';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { RetryNotice } from '../../../components/ui/retry-notice';
import { isApiError } from '../../../lib/api-client';
import { t } from '../../../lib/i18n';
import { useNow } from '../../../lib/clock';
import { useQueryRetry } from '../../../lib/retry-wait';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useZone } from '../../../lib/zone';
import { secretQueries } from '../api/queries';
import { useEditParam } from '../hooks/use-edit-param';
import { listHrefFrom } from '../utils/list-href';
import { INFO_ICON } from '../utils/versions';
import { SecretBreadcrumb } from './secret-breadcrumb';
import { SecretNotFound } from './secret-not-found';
import { SecretStateNotice } from './secret-state-notice';
import { SecretView } from './secret-view';
import type { RowAction } from './versions-table';

const STATE_NOTICE_ID = 'secret-not-editable';

/** What the page hands the editor slot once its data is there. */
export interface EditorSlot {
  detail: SecretDetail;
  user: SessionUser;
  /** The version named by `?edit=` (it may not exist). */
  editId: string;
  now: number;
  /** The editor closed: drop `?edit=` and return focus to the row. */
  close: () => void;
  /** A refusal notice dismissed: drop `?edit=`. */
  dismiss: () => void;
}

/**
 * `/accounts/:account/secrets/:secret`: the secret's metadata, notification answer and versions, with what
 * the page says while loading, retrying after a 429/503 (what is on screen stays) or failing. What a row's
 * Change expiry does and the editor itself come from app/ (`actionFor`, `renderEditor`): the versions
 * feature owns the page, not the expiry rules.
 */
export function SecretPage({
  account,
  secret,
  user,
  actionFor,
  renderEditor,
}: {
  account: string;
  secret: string;
  user: SessionUser | undefined;
  actionFor: (user: SessionUser, detail: SecretDetail, version: Version, now: number) => RowAction;
  renderEditor: (slot: EditorSlot) => ReactNode;
}) {
  const location = useLocation();
  const detailOptions = secretQueries.detail(account, secret);
  const detailQuery = useQuery(detailOptions);
  const { wait, retryNow } = useQueryRetry(detailQuery, detailOptions.queryKey);
  const retryNotice = wait ? <RetryNotice wait={wait} onRetry={retryNow} /> : null;
  const { zone } = useZone();
  const now = useNow();
  const { editId, open, close, dismiss } = useEditParam();
  useDocumentTitle(secret);

  const listHref = listHrefFrom(account, location.state);
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
          <ErrorNotice error={detailQuery.error} title={t('versions.page.loadFailed')} />
        )}
      </div>
    );
  }
  const detail = detailQuery.data;
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
          {t('versions.page.loading')}
        </p>
        <div className="skeleton" aria-hidden="true" />
      </div>
    );
  }

  const state = detail.secret.state;
  // While the secret is not ENABLED, every disabled button points at the one notice that says why.
  const rowAction = (version: Version): RowAction => {
    const action = actionFor(user, detail, version, now);
    if (action.kind !== 'disabled' || state === 'ENABLED') return action;
    return {
      kind: 'disabled',
      reason: t('versions.page.notEditable', { state }),
      describedBy: STATE_NOTICE_ID,
    };
  };

  return (
    <div className="page secret-page">
      {header}
      <SecretView
        account={account}
        detail={detail}
        zone={zone}
        now={now}
        actionFor={rowAction}
        onChangeExpiry={open}
        canManageNotifications={user.role === 'admin'}
        pageNotices={
          <>
            {retryNotice}
            {state !== 'ENABLED' ? <SecretStateNotice id={STATE_NOTICE_ID} state={state} /> : null}
            {editId !== null ? renderEditor({ detail, user, editId, now, close, dismiss }) : null}
          </>
        }
        tableNotices={
          user.expiry_policy.can_edit ? null : (
            <p className="read-only-note">
              <span aria-hidden="true">{INFO_ICON}</span>
              {t('versions.page.readOnly')}
            </p>
          )
        }
      />
    </div>
  );
}

import type { SecretDetail, Version } from '@csms-console/api-contract';
import type { ReactNode } from 'react';
import { versionHistoryHref } from '../../../lib/audit-href';
import { Msg, t } from '../../../lib/i18n';
import { isUtcZone, zoneLabel } from '../../../lib/time';
import { CSMS_MAX_VERSIONS, INFO_ICON } from '../utils/versions';
import { AdvanceWarningsPanel } from './advance-warnings-panel';
import { NotificationPanel } from './notification-panel';
import { SecretMetadata } from './secret-metadata';
import { VersionsTable, type RowAction } from './versions-table';

/** The secret page's body once its data is there: metadata, notification answer, versions. */
export function SecretView({
  account,
  detail,
  zone,
  now,
  actionFor,
  onChangeExpiry,
  pageNotices,
  tableNotices,
  canManageNotifications,
}: {
  account: string;
  detail: SecretDetail;
  zone: string;
  now: number;
  actionFor: (version: Version) => RowAction;
  onChangeExpiry: (versionId: string) => void;
  /** Shown above the metadata (e.g. why the secret cannot be edited). */
  pageNotices?: ReactNode;
  /** Shown right above the versions table (e.g. a read-only role). */
  tableNotices?: ReactNode;
  /** The user may change advance-warning rules (admins). */
  canManageNotifications: boolean;
}) {
  const { secret, versions, notification } = detail;
  return (
    <>
      {pageNotices}
      <p className="zone-note muted">
        <Msg id="versions.view.zoneNote" values={{ zone: <strong>{zoneLabel(zone, now)}</strong> }} />
        {isUtcZone(zone) ? null : <> {t('versions.view.hoverForUtc')}</>}
      </p>
      <section aria-labelledby="meta-heading">
        <h2 id="meta-heading">{t('versions.view.details')}</h2>
        <SecretMetadata secret={secret} zone={zone} now={now} />
      </section>
      <NotificationPanel
        status={notification}
        subscribed={secret.event_subscriptions[0]}
        zone={zone}
        now={now}
      />
      <AdvanceWarningsPanel status={detail.console_notification} canManage={canManageNotifications} />
      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">
          {t('versions.view.heading')}{' '}
          <span className="muted">{t('versions.view.headingCount', { count: versions.length })}</span>
        </h2>
        {versions.length >= CSMS_MAX_VERSIONS ? (
          <div className="notice notice-info">
            <p>
              <span aria-hidden="true">{INFO_ICON}</span>
              {t('versions.view.atLimit', { count: versions.length })}
            </p>
          </div>
        ) : null}
        {tableNotices}
        {versions.length === 0 ? (
          <p className="muted">{t('versions.view.none')}</p>
        ) : (
          <VersionsTable
            versions={versions}
            zone={zone}
            now={now}
            actionFor={actionFor}
            onChangeExpiry={onChangeExpiry}
            historyHref={(version) => versionHistoryHref(account, secret.name, version)}
          />
        )}
      </section>
    </>
  );
}

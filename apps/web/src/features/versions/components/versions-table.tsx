import type { Version } from '@csms-console/api-contract';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Instant } from '../../../components/ui/instant';
import { t } from '../../../lib/i18n';
import { expiryStatus, expiryStatusLabel, expiryWording } from '../../../lib/time';
import {
  EXPIRY_STATUS_ICON,
  CSMS_MAX_VERSIONS,
  isCurrent,
  isUnlabelled,
  sortNewestFirst,
} from '../utils/versions';
import { VersionAction, type RowAction } from './version-action';
import { UNLABELLED_FOOTNOTE_ID, VersionStages } from './version-stages';

export { changeExpiryButtonId, type RowAction } from './version-action';

/** The id of a row's header cell (focusable by script), where focus lands when the row's button is disabled. */
export function versionRowHeaderId(versionId: string): string {
  return `version-row-${versionId}`;
}

function ExpiryStatusBadge({ ms, now }: { ms: number | null; now: number }) {
  const status = expiryStatus(ms, now);
  return (
    <span className={`status status-${status}`}>
      <span aria-hidden="true">{EXPIRY_STATUS_ICON[status]}</span> {expiryStatusLabel(status)}
    </span>
  );
}

/**
 * A cell as a phone shows it: the column's name as a visible label (hidden on wider screens, where the
 * header row says it) beside the value. Screen readers get the column header, so the label is aria-hidden.
 */
function Cell({ label, children }: { label: string; children: ReactNode }) {
  return (
    <td role="cell">
      <span className="cell-label" aria-hidden="true">
        {label}
      </span>
      <div className="cell-value">{children}</div>
    </td>
  );
}

/**
 * Every version with its stages and its own expiry (absolute, UTC and relative) and status, newest first.
 * A table on wide screens; on a phone each row reflows to a card (styles.css, "Versions table"). The explicit
 * roles keep it a table for assistive technology when CSS changes its display (WebKit drops them otherwise).
 */
export function VersionsTable({
  versions,
  zone,
  now,
  actionFor,
  onChangeExpiry,
  historyHref,
}: {
  versions: readonly Version[];
  zone: string;
  now: number;
  actionFor: (version: Version) => RowAction;
  onChangeExpiry: (versionId: string) => void;
  /** The audit page filtered to one version's changes. */
  historyHref: (versionId: string) => string;
}) {
  const rows = sortNewestFirst(versions).map((version) => ({ version, action: actionFor(version) }));
  const showActions = rows.some((r) => r.action.kind !== 'hidden');
  const anyUnlabelled = rows.some((r) => isUnlabelled(r.version));
  const col = {
    stages: t('versions.table.stages'),
    created: t('versions.table.created'),
    expires: t('versions.table.expires'),
    status: t('versions.table.status'),
    audit: t('versions.table.audit'),
    actions: t('versions.table.actions'),
  };
  return (
    <>
      <div className="table-scroll versions-table-wrap">
        <table role="table" className="data-table versions-table" aria-label={t('versions.table.label')}>
          <thead role="rowgroup">
            <tr role="row">
              <th role="columnheader" scope="col">
                {t('versions.table.version')}
              </th>
              <th role="columnheader" scope="col">
                {col.stages}
              </th>
              <th role="columnheader" scope="col">
                {col.created}
              </th>
              <th role="columnheader" scope="col">
                {col.expires}
              </th>
              <th role="columnheader" scope="col">
                {col.status}
              </th>
              <th role="columnheader" scope="col">
                {col.audit}
              </th>
              {showActions ? (
                <th role="columnheader" scope="col">
                  {col.actions}
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody role="rowgroup">
            {rows.map(({ version, action }) => (
              <tr role="row" key={version.id} className={isCurrent(version) ? 'row-current' : undefined}>
                {/* On a phone the version id is the card's title: no label, like the secret's name. */}
                <th role="rowheader" scope="row" id={versionRowHeaderId(version.id)} tabIndex={-1}>
                  <code>{version.id}</code>
                </th>
                <Cell label={col.stages}>
                  <VersionStages version={version} />
                </Cell>
                <Cell label={col.created}>
                  {version.create_time === null ? (
                    <span className="muted">{t('versions.table.unknown')}</span>
                  ) : (
                    <Instant ms={version.create_time} zone={zone} now={now} />
                  )}
                </Cell>
                <Cell label={col.expires}>
                  {version.expire_time === null ? (
                    <span>{t('versions.table.neverExpires')}</span>
                  ) : (
                    <Instant
                      ms={version.expire_time}
                      zone={zone}
                      now={now}
                      relative={expiryWording(version.expire_time, now)}
                      showUtc
                    />
                  )}
                </Cell>
                <Cell label={col.status}>
                  <ExpiryStatusBadge ms={version.expire_time} now={now} />
                </Cell>
                <Cell label={col.audit}>
                  <Link
                    to={historyHref(version.id)}
                    aria-label={t('versions.table.historyOf', { version: version.id })}
                  >
                    {t('versions.table.history')}
                  </Link>
                </Cell>
                {!showActions ? null : action.kind === 'hidden' ? (
                  <td role="cell" />
                ) : (
                  <Cell label={col.actions}>
                    <VersionAction
                      version={version}
                      action={action}
                      onChange={() => onChangeExpiry(version.id)}
                    />
                  </Cell>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {anyUnlabelled ? (
        <p id={UNLABELLED_FOOTNOTE_ID} className="footnote">
          {t('versions.table.unlabelledFootnote', { max: CSMS_MAX_VERSIONS })}
        </p>
      ) : null}
    </>
  );
}

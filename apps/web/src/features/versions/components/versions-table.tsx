import type { Version } from '@csms-console/api-contract';
import { Link } from 'react-router';
import { expiryStatus, expiryStatusLabel, expiryWording } from '../../../lib/time';
import {
  EXPIRY_STATUS_ICON,
  CSMS_MAX_VERSIONS,
  isCurrent,
  isUnlabelled,
  sortNewestFirst,
} from '../utils/versions';
import { Instant } from '../../../components/ui/instant';
import { UNLABELLED_FOOTNOTE_ID, VersionStages } from './version-stages';

/** What the Actions cell offers for one version; the page decides it (app/ plugs in the expiry rules). */
export type RowAction =
  { kind: 'hidden' } | { kind: 'enabled' } | { kind: 'disabled'; reason: string; describedBy?: string };

/** The id of a row's header cell (focusable by script), where focus lands when the row's button is disabled. */
export function versionRowHeaderId(versionId: string): string {
  return `version-row-${versionId}`;
}

/** The id of a row's Change expiry button, so focus can return to it when the editor closes. */
export function changeExpiryButtonId(versionId: string): string {
  return `change-expiry-${versionId}`;
}

function ExpiryStatusBadge({ ms, now }: { ms: number | null; now: number }) {
  const status = expiryStatus(ms, now);
  return (
    <span className={`status status-${status}`}>
      <span aria-hidden="true">{EXPIRY_STATUS_ICON[status]}</span> {expiryStatusLabel(status)}
    </span>
  );
}

function ActionCell({
  version,
  action,
  onChange,
}: {
  version: Version;
  action: RowAction;
  onChange: () => void;
}) {
  if (action.kind === 'hidden') return null;
  const reasonId = `change-expiry-reason-${version.id}`;
  if (action.kind === 'disabled') {
    return (
      <>
        <button
          type="button"
          id={changeExpiryButtonId(version.id)}
          className="button small"
          disabled
          aria-label={`Change expiry of ${version.id}`}
          aria-describedby={[reasonId, action.describedBy].filter(Boolean).join(' ')}
        >
          Change expiry
        </button>
        <p id={reasonId} className="action-reason">
          {action.reason}
        </p>
      </>
    );
  }
  return (
    <button
      type="button"
      id={changeExpiryButtonId(version.id)}
      className="button small"
      aria-label={`Change expiry of ${version.id}`}
      onClick={onChange}
    >
      Change expiry
    </button>
  );
}

/** Every version with its stages and its own expiry (absolute, UTC and relative) and status, newest first. */
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
  return (
    <>
      <div className="table-scroll">
        <table className="data-table versions-table" aria-label="Versions">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Stages</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">Status</th>
              <th scope="col">Audit</th>
              {showActions ? <th scope="col">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map(({ version, action }) => (
              <tr key={version.id} className={isCurrent(version) ? 'row-current' : undefined}>
                <th scope="row" id={versionRowHeaderId(version.id)} tabIndex={-1}>
                  <code>{version.id}</code>
                </th>
                <td>
                  <VersionStages version={version} />
                </td>
                <td>
                  {version.create_time === null ? (
                    <span className="muted">Unknown</span>
                  ) : (
                    <Instant ms={version.create_time} zone={zone} now={now} />
                  )}
                </td>
                <td>
                  {version.expire_time === null ? (
                    <span>Never expires</span>
                  ) : (
                    <Instant
                      ms={version.expire_time}
                      zone={zone}
                      now={now}
                      relative={expiryWording(version.expire_time, now)}
                      showUtc
                    />
                  )}
                </td>
                <td>
                  <ExpiryStatusBadge ms={version.expire_time} now={now} />
                </td>
                <td>
                  <Link to={historyHref(version.id)} aria-label={`History of ${version.id}`}>
                    History
                  </Link>
                </td>
                {showActions ? (
                  <td>
                    <ActionCell
                      version={version}
                      action={action}
                      onChange={() => onChangeExpiry(version.id)}
                    />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {anyUnlabelled ? (
        <p id={UNLABELLED_FOOTNOTE_ID} className="footnote">
          * A version without any stage label is not reachable by stage. CSMS keeps at most{' '}
          {CSMS_MAX_VERSIONS} versions per secret; when a new version would exceed that, CSMS deletes the
          oldest versions that have no label. Give a version a label in CSMS to keep it.
        </p>
      ) : null}
    </>
  );
}

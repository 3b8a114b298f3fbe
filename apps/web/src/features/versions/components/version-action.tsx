import type { Version } from '@csms-console/api-contract';
import { t } from '../../../lib/i18n';

/** What the Actions cell offers for one version; the page decides it (app/ plugs in the expiry rules). */
export type RowAction =
  { kind: 'hidden' } | { kind: 'enabled' } | { kind: 'disabled'; reason: string; describedBy?: string };

/** The id of a row's Change expiry button, so focus can return to it when the editor closes. */
export function changeExpiryButtonId(versionId: string): string {
  return `change-expiry-${versionId}`;
}

/** A row's Change expiry button; disabled with its reason as text beside it (and as its description). */
export function VersionAction({
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
  const label = t('versions.table.changeExpiryOf', { version: version.id });
  if (action.kind === 'disabled') {
    return (
      <>
        <button
          type="button"
          id={changeExpiryButtonId(version.id)}
          className="button small"
          disabled
          aria-label={label}
          aria-describedby={[reasonId, action.describedBy].filter(Boolean).join(' ')}
        >
          {t('versions.table.changeExpiry')}
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
      aria-label={label}
      onClick={onChange}
    >
      {t('versions.table.changeExpiry')}
    </button>
  );
}

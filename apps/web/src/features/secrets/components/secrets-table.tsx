import type { SecretListItem } from '@csms-console/api-contract';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { Instant } from '../../../components/ui/instant';
import { t } from '../../../lib/i18n';
import { expiryWording, formatInstant, formatRelative } from '../../../lib/time';
import { BucketBadge } from './bucket-badge';
import { SecretStateBadge } from './secret-state-badge';
import { secretHref } from '../../../lib/secret-href';

function None() {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{t('secrets.table.none')}</span>
    </>
  );
}

/** A secret the fleet scan has not read (it came later, or its read failed): nothing to say about it. */
function NotScanned() {
  return <span className="muted">{t('secrets.table.notScanned')}</span>;
}

/**
 * A cell as a phone shows it: the column's name as a visible label (hidden on wider screens, where the
 * header row says it) above the value. Screen readers get the column header, so the label is aria-hidden.
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
 * One page of secrets. `busy` while the next page loads: the rows stay, marked as about to change. With
 * `scannedAt` (the fleet scan the expiries come from), each row shows its nearest expiry and most urgent
 * bucket; without one there are no expiry columns. On a phone each row reflows to a card (styles.css,
 * "Secrets list"); the explicit roles keep it a table for assistive technology when CSS changes its display.
 */
export function SecretsTable({
  account,
  secrets,
  zone,
  now,
  busy,
  scannedAt,
  describedBy,
}: {
  account: string;
  secrets: readonly SecretListItem[];
  zone: string;
  now: number;
  busy: boolean;
  scannedAt: number | null;
  /** Id of the text saying which page this is and how many rows it shows. */
  describedBy: string;
}) {
  // The secret page links back with these filters and this page (`state.listSearch`).
  const location = useLocation();
  const inZone = <span className="secrets-zone">{t('secrets.table.inZone', { zone })}</span>;
  const col = {
    state: t('secrets.table.state'),
    nearest: t('secrets.table.nearestExpiry'),
    urgent: t('secrets.table.mostUrgent'),
    type: t('secrets.table.type'),
    updated: t('secrets.table.updated'),
  };
  return (
    <table
      role="table"
      className="data-table secrets-table"
      aria-label={t('secrets.table.label')}
      aria-busy={busy}
      aria-describedby={describedBy}
    >
      <thead role="rowgroup">
        <tr role="row">
          <th role="columnheader" scope="col">
            {t('secrets.table.name')}
          </th>
          <th role="columnheader" scope="col">
            {col.state}
          </th>
          {scannedAt === null ? null : (
            <>
              <th role="columnheader" scope="col">
                {col.nearest}
                {inZone}
              </th>
              <th role="columnheader" scope="col">
                {col.urgent}
              </th>
            </>
          )}
          <th role="columnheader" scope="col">
            {col.type}
          </th>
          <th role="columnheader" scope="col">
            {col.updated}
            {inZone}
          </th>
        </tr>
      </thead>
      <tbody role="rowgroup">
        {secrets.map((s) => (
          <tr role="row" key={s.id}>
            <th role="rowheader" scope="row" className="secrets-name">
              <Link to={secretHref(account, s.name)} state={{ listSearch: location.search }}>
                {s.name}
              </Link>
              {s.description ? <div className="muted secrets-desc">{s.description}</div> : null}
            </th>
            <Cell label={col.state}>
              <SecretStateBadge
                state={s.state}
                scheduledDeleteTime={s.scheduled_delete_time}
                zone={zone}
                now={now}
              />
            </Cell>
            {scannedAt === null ? null : (
              <>
                <Cell label={col.nearest}>
                  {s.worst_bucket === undefined ? (
                    <NotScanned />
                  ) : (
                    <Instant
                      ms={s.nearest_expire_time ?? null}
                      now={now}
                      zone={zone}
                      relative={expiryWording(s.nearest_expire_time ?? null, now)}
                    />
                  )}
                </Cell>
                <Cell label={col.urgent}>
                  {s.worst_bucket === undefined ? <NotScanned /> : <BucketBadge bucket={s.worst_bucket} />}
                </Cell>
              </>
            )}
            <Cell label={col.type}>{s.secret_type ? <code>{s.secret_type}</code> : <None />}</Cell>
            <Cell label={col.updated}>
              {s.update_time !== null ? (
                <>
                  <div className="mono">{formatInstant(s.update_time, zone)}</div>
                  <div className="muted">{formatRelative(s.update_time, now)}</div>
                </>
              ) : (
                <None />
              )}
            </Cell>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

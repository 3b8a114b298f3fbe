import type { SecretListItem } from '@csms-console/api-contract';
import { Link, useLocation } from 'react-router';
import { Instant } from '../../../components/ui/instant';
import { expiryWording, formatInstant, formatRelative } from '../../../lib/time';
import { BucketBadge } from './bucket-badge';
import { SecretStateBadge } from './secret-state-badge';

function None() {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">none</span>
    </>
  );
}

/** A secret the fleet scan has not read (it came later, or its read failed): nothing to say about it. */
function NotScanned() {
  return <span className="muted">Not in the scan</span>;
}

/**
 * One page of secrets. `busy` while the next page loads: the rows stay, marked as about to change. With
 * `scannedAt` (the fleet scan the expiries come from), each row shows its nearest expiry and most urgent
 * bucket; without one there are no expiry columns.
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
  return (
    <table
      className="data-table secrets-table"
      aria-label="Secrets"
      aria-busy={busy}
      aria-describedby={describedBy}
    >
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">State</th>
          {scannedAt === null ? null : (
            <>
              <th scope="col">
                Nearest expiry <span className="secrets-zone">({zone})</span>
              </th>
              <th scope="col">Most urgent</th>
            </>
          )}
          <th scope="col">Type</th>
          <th scope="col">
            Updated <span className="secrets-zone">({zone})</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {secrets.map((s) => (
          <tr key={s.id}>
            <th scope="row" className="secrets-name">
              <Link
                to={`/accounts/${encodeURIComponent(account)}/secrets/${encodeURIComponent(s.name)}`}
                state={{ listSearch: location.search }}
              >
                {s.name}
              </Link>
              {s.description ? <div className="muted secrets-desc">{s.description}</div> : null}
            </th>
            <td>
              <SecretStateBadge
                state={s.state}
                scheduledDeleteTime={s.scheduled_delete_time}
                zone={zone}
                now={now}
              />
            </td>
            {scannedAt === null ? null : (
              <>
                <td>
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
                </td>
                <td>
                  {s.worst_bucket === undefined ? <NotScanned /> : <BucketBadge bucket={s.worst_bucket} />}
                </td>
              </>
            )}
            <td>{s.secret_type ? <code>{s.secret_type}</code> : <None />}</td>
            <td>
              {s.update_time !== null ? (
                <>
                  <div className="mono">{formatInstant(s.update_time, zone)}</div>
                  <div className="muted">{formatRelative(s.update_time, now)}</div>
                </>
              ) : (
                <None />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

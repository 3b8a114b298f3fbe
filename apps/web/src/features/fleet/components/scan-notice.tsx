import type { FleetExpiry } from '@csms-console/api-contract';

/**
 * What the board cannot show, said plainly: a scan still running (and how far it got), a listing that
 * stopped (secrets never seen), and every secret whose versions could not be read, with the reason.
 */
export function ScanNotice({ scan }: { scan: FleetExpiry }) {
  const running = !scan.complete && scan.listing_error === null;
  return (
    <>
      {running ? (
        <p className="notice notice-info" role="status">
          Scan in progress: {scan.secrets_scanned} of {scan.secrets_total} secrets read so far. This board
          updates as it goes; counts are not final yet.
        </p>
      ) : null}
      {scan.listing_error ? (
        <div className="notice notice-warn" role="alert">
          <p>
            <strong>Partial scan:</strong> the list of secrets could not be read to the end, so secrets after{' '}
            {scan.secrets_total} are missing. ({scan.listing_error.code}: {scan.listing_error.message})
          </p>
        </div>
      ) : null}
      {scan.failed.length > 0 ? (
        <div className="notice notice-warn" role="alert">
          <p>
            <strong>
              {scan.failed.length} secret{scan.failed.length === 1 ? '' : 's'} could not be read
            </strong>
            ; their versions are missing from this board:
          </p>
          <ul className="scan-failures">
            {scan.failed.map((f) => (
              <li key={f.secret}>
                <strong>{f.secret}</strong>: {f.message} <span className="muted">({f.code})</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

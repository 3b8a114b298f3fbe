import type { FleetExpiry } from '@csms-console/api-contract';
import { ErrorNotice } from '../../../components/ui/error-notice';

/**
 * What the board cannot show, said plainly: a scan still running (and how far it got), a listing that
 * stopped (secrets never seen), and every secret whose versions could not be read, with the reason. On the
 * all-accounts board each account's notice names the account (`account`).
 */
export function ScanNotice({ scan, account }: { scan: FleetExpiry; account?: string }) {
  const running = !scan.complete && scan.listing_error === null;
  const of = account ? ` (account ${account})` : '';
  return (
    <>
      {running ? (
        <p className="notice notice-info" role="status">
          Scan in progress{of}: {scan.secrets_scanned} of {scan.secrets_total} secrets read so far. This board
          updates as it goes; counts are not final yet.
        </p>
      ) : null}
      {scan.listing_error ? (
        <div className="notice notice-warn" role="alert">
          <p>
            <strong>Partial scan{of}:</strong> the list of secrets could not be read to the end, so secrets
            after {scan.secrets_total} are missing. ({scan.listing_error.code}: {scan.listing_error.message})
          </p>
        </div>
      ) : null}
      {scan.failed.length > 0 ? (
        <div className="notice notice-warn" role="alert">
          <p>
            <strong>
              {scan.failed.length} secret{scan.failed.length === 1 ? '' : 's'}
              {account ? ` of account ${account}` : ''} could not be read
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

/** An account whose scan could not be fetched at all: its versions are missing, the others still show. */
export function AccountFailure({ account, error }: { account: string; error: unknown }) {
  return (
    <ErrorNotice
      error={error}
      title={`Account ${account} could not be read; its versions are missing from this board`}
    />
  );
}

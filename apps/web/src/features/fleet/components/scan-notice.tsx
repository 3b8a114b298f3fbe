import type { FleetExpiry } from '@csms-console/api-contract';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { Msg, t } from '../../../lib/i18n';
import { failureText } from '../utils/labels';

/**
 * What the board cannot show, said plainly: a scan still running (and how far it got), a listing that
 * stopped (secrets never seen), and every secret whose versions could not be read, with the reason (the
 * catalogue's words for the BFF's error code). On the all-accounts board each account's notice names the
 * account (`account`).
 */
export function ScanNotice({ scan, account }: { scan: FleetExpiry; account?: string }) {
  const running = !scan.complete && scan.listing_error === null;
  const counts = { scanned: scan.secrets_scanned, total: scan.secrets_total };
  return (
    <>
      {running ? (
        <p className="notice notice-info" role="status">
          {account ? t('fleet.scan.runningAccount', { ...counts, account }) : t('fleet.scan.running', counts)}
        </p>
      ) : null}
      {scan.listing_error ? (
        <div className="notice notice-warn" role="alert">
          <p>
            <strong>
              {account ? t('fleet.scan.partialTitleAccount', { account }) : t('fleet.scan.partialTitle')}
            </strong>{' '}
            {t('fleet.scan.partial', {
              total: scan.secrets_total,
              code: scan.listing_error.code,
              reason: failureText(scan.listing_error),
            })}
          </p>
        </div>
      ) : null}
      {scan.failed.length > 0 ? (
        <div className="notice notice-warn" role="alert">
          <p>
            <strong>
              {account
                ? t('fleet.scan.failedAccount', { count: scan.failed.length, account })
                : t('fleet.scan.failed', { count: scan.failed.length })}
            </strong>
          </p>
          <ul className="scan-failures">
            {scan.failed.map((f) => (
              <li key={f.secret}>
                <Msg
                  id="fleet.scan.failure"
                  values={{ secret: <strong>{f.secret}</strong>, reason: failureText(f) }}
                />{' '}
                <span className="muted">({f.code})</span>
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
  return <ErrorNotice error={error} title={t('fleet.scan.accountFailed', { account })} />;
}

import type { FleetExpiry } from '@csms-console/api-contract';
import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { RetryNotice } from '../../../components/ui/retry-notice';
import { t } from '../../../lib/i18n';
import { useQueryRetry } from '../../../lib/retry-wait';
import { fleetQueries } from '../api/queries';
import { AccountFailure, ScanNotice } from './scan-notice';

/**
 * Where one account's scan stands, above the board: still reading; slow after about 3 s (Cancel, Retry); a
 * 429/503 shown in place and retried after the server's Retry-After; failed; or read, with what the scan
 * could not read. `named` (the all-accounts board) names the account in each line.
 */
export function ScanStatus({
  account,
  query,
  named,
}: {
  account: string;
  query: UseQueryResult<FleetExpiry>;
  named: boolean;
}) {
  const { wait, retryNow } = useQueryRetry(query, fleetQueries.expiry(account).queryKey);
  if (wait) return <RetryNotice wait={wait} onRetry={retryNow} />;
  if (query.isError) {
    return named ? (
      <AccountFailure account={account} error={query.error} />
    ) : (
      <ErrorNotice error={query.error} />
    );
  }
  if (query.data) return <ScanNotice scan={query.data} account={named ? account : undefined} />;
  return (
    <p className="notice notice-info" role="status">
      {named ? t('fleet.board.readingAccount', { account }) : t('fleet.board.loading')}
    </p>
  );
}

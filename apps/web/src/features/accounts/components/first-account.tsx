import { useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { RetryNotice } from '../../../components/ui/retry-notice';
import { useQueryRetry } from '../../../lib/retry-wait';
import { accountQueries } from '../api/queries';

/** Sends the user on to the first configured account's secrets, saying why when it cannot. */
export function FirstAccount() {
  const accounts = useQuery(accountQueries.list());
  const { wait, retryNow } = useQueryRetry(accounts, accountQueries.list().queryKey);
  if (accounts.data === undefined && wait) return <RetryNotice wait={wait} onRetry={retryNow} />;
  if (accounts.isPending) return <p className="page-status">Loading accounts…</p>;
  if (accounts.isError) return <ErrorNotice error={accounts.error} title="Could not load the accounts" />;
  const first = accounts.data.accounts[0];
  if (!first) return <p className="page-status">No CSMS account is configured on the server.</p>;
  return <Navigate to={`/accounts/${encodeURIComponent(first.name)}/secrets`} replace />;
}

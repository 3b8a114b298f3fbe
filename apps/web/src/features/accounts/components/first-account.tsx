import { useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { RetryNotice } from '../../../components/ui/retry-notice';
import { t } from '../../../lib/i18n';
import { useQueryRetry } from '../../../lib/retry-wait';
import { accountQueries } from '../api/queries';

/** Sends the user on to the first configured account's secrets, saying why when it cannot. */
export function FirstAccount() {
  const accounts = useQuery(accountQueries.list());
  const { wait, retryNow } = useQueryRetry(accounts, accountQueries.list().queryKey);
  if (accounts.data === undefined && wait) return <RetryNotice wait={wait} onRetry={retryNow} />;
  if (accounts.isPending) return <p className="page-status">{t('accounts.loading')}</p>;
  if (accounts.isError) return <ErrorNotice error={accounts.error} title={t('accounts.loadFailed')} />;
  const first = accounts.data.accounts[0];
  if (!first) return <p className="page-status">{t('accounts.none')}</p>;
  return <Navigate to={`/accounts/${encodeURIComponent(first.name)}/secrets`} replace />;
}

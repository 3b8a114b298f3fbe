import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useParams } from 'react-router';
import { ErrorNotice } from '../../components/ui/error-notice';
import { accountQueries } from '../../features/accounts/api/queries';
import { FleetBoard } from '../../features/fleet/components/fleet-board';
import { sessionQueries } from '../../features/session/api/queries';
import { useDocumentTitle } from '../../lib/use-document-title';

/** `/accounts/:account/fleet?bucket=&stage=&state=&name=&sort=` (see features/fleet/utils/board-params.ts). */
export function FleetRoute() {
  useDocumentTitle('Fleet expiry');
  const { account = '' } = useParams();
  const user = useQuery(sessionQueries.user()).data;
  const accounts = useMemo(() => [account], [account]);
  return (
    <div className="page page-wide">
      <h1>Fleet expiry</h1>
      <p className="muted">
        Account <strong>{account}</strong>: every version of every secret, most urgent first.
      </p>
      <FleetBoard key={account} accounts={accounts} policy={user?.expiry_policy} />
    </div>
  );
}

/** `/fleet?account=&bucket=&...`: every configured account's versions on one board, with an Account column. */
export function AllAccountsFleetRoute() {
  useDocumentTitle('Fleet expiry, all accounts');
  const user = useQuery(sessionQueries.user()).data;
  const list = useQuery(accountQueries.list());
  const names = useMemo(() => list.data?.accounts.map((a) => a.name) ?? [], [list.data]);
  return (
    <div className="page page-wide">
      <h1>Fleet expiry, all accounts</h1>
      <p className="muted">Every version of every secret of every configured account, most urgent first.</p>
      {list.isPending ? <p role="status">Loading accounts…</p> : null}
      {list.isError ? <ErrorNotice error={list.error} title="Could not load the accounts" /> : null}
      {list.data && names.length === 0 ? <p>No CSMS account is configured on the server.</p> : null}
      {names.length > 0 ? (
        <FleetBoard key={names.join(',')} accounts={names} allAccounts policy={user?.expiry_policy} />
      ) : null}
    </div>
  );
}

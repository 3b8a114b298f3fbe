import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useParams } from 'react-router';
import { ErrorNotice } from '../../components/ui/error-notice';
import { accountQueries } from '../../features/accounts/api/queries';
import { FleetBoard } from '../../features/fleet/components/fleet-board';
import { sessionQueries } from '../../features/session/api/queries';
import { Msg, t } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
// The board's styles come with its page, not with every page's stylesheet.
import '../../features/fleet/fleet.css';

/** `/accounts/:account/fleet?bucket=&stage=&state=&name=&sort=` (see features/fleet/utils/board-params.ts). */
export function FleetRoute() {
  useDocumentTitle(t('fleet.title'));
  const { account = '' } = useParams();
  const user = useQuery(sessionQueries.user()).data;
  const accounts = useMemo(() => [account], [account]);
  return (
    <div className="page page-wide">
      <h1>{t('fleet.title')}</h1>
      <p className="muted">
        <Msg id="fleet.intro" values={{ account: <strong>{account}</strong> }} />
      </p>
      <FleetBoard key={account} accounts={accounts} policy={user?.expiry_policy} />
    </div>
  );
}

/** `/fleet?account=&bucket=&...`: every configured account's versions on one board, with an Account column. */
export function AllAccountsFleetRoute() {
  useDocumentTitle(t('fleet.allTitle'));
  const user = useQuery(sessionQueries.user()).data;
  const list = useQuery(accountQueries.list());
  const names = useMemo(() => list.data?.accounts.map((a) => a.name) ?? [], [list.data]);
  return (
    <div className="page page-wide">
      <h1>{t('fleet.allTitle')}</h1>
      <p className="muted">{t('fleet.allIntro')}</p>
      {list.isPending ? <p role="status">{t('fleet.accountsLoading')}</p> : null}
      {list.isError ? <ErrorNotice error={list.error} title={t('fleet.accountsFailed')} /> : null}
      {list.data && names.length === 0 ? <p>{t('fleet.noAccounts')}</p> : null}
      {names.length > 0 ? (
        <FleetBoard key={names.join(',')} accounts={names} allAccounts policy={user?.expiry_policy} />
      ) : null}
    </div>
  );
}

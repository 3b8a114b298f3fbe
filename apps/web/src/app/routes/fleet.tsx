import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { FleetBoard } from '../../features/fleet/components/fleet-board';
import { sessionQueries } from '../../features/session/api/queries';
import { useDocumentTitle } from '../../lib/use-document-title';

/** `/accounts/:account/fleet?bucket=&stage=&state=&name=&sort=` (see features/fleet/utils/board-params.ts). */
export function FleetRoute() {
  useDocumentTitle('Fleet expiry');
  const { account = '' } = useParams();
  const user = useQuery(sessionQueries.user()).data;
  return (
    <div className="page page-wide">
      <h1>Fleet expiry</h1>
      <p className="muted">
        Account <strong>{account}</strong>: every version of every secret, most urgent first.
      </p>
      <FleetBoard key={account} account={account} policy={user?.expiry_policy} />
    </div>
  );
}

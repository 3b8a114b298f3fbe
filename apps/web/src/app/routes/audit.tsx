import { useQuery } from '@tanstack/react-query';
import { accountQueries } from '../../features/accounts/api/queries';
import { AuditPage } from '../../features/audit/components/audit-page';
import { useDocumentTitle } from '../../lib/use-document-title';

/** `/audit?account=&secret=&version=&actor=&action=&outcome=&range=|from=&to=&batch=&entry=` (every role). */
export function AuditRoute() {
  useDocumentTitle('Audit log');
  const accounts = useQuery(accountQueries.list()).data?.accounts;
  // Undefined while the list loads: the page says so rather than "no account".
  const names = accounts?.map((a) => a.name);
  return (
    <div className="page page-wide">
      <h1>Audit log</h1>
      <p className="muted">
        Every sign-in, refusal, export and expiry change the console recorded, and whether the record is
        intact.
      </p>
      <AuditPage accounts={names} />
    </div>
  );
}

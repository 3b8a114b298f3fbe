import { useQuery } from '@tanstack/react-query';
import { accountQueries } from '../../features/accounts/api/queries';
import { AuditPage } from '../../features/audit/components/audit-page';
import { t } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
// The audit page's styles come with it, not with every page's stylesheet.
import '../../features/audit/audit.css';

/** `/audit?account=&secret=&version=&actor=&action=&outcome=&range=|from=&to=&batch=&entry=` (every role). */
export function AuditRoute() {
  useDocumentTitle(t('audit.title'));
  const accounts = useQuery(accountQueries.list()).data?.accounts;
  // Undefined while the list loads: the page says so rather than "no account".
  const names = accounts?.map((a) => a.name);
  return (
    <div className="page page-wide">
      <h1>{t('audit.title')}</h1>
      <p className="muted">{t('audit.intro')}</p>
      <AuditPage accounts={names} />
    </div>
  );
}

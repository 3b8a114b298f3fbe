import { useQuery } from '@tanstack/react-query';
import { accountQueries } from '../../features/accounts/api/queries';
import { NotifyPage } from '../../features/notify/components/notify-page';
import { sessionQueries } from '../../features/session/api/queries';
import { t } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
// The page's styles come with it, not with every page's stylesheet.
import '../../features/notify/notify.css';

/** `/notifications`: advance expiry warnings. Every role reads them; admins change them (as the BFF allows). */
export function NotificationsRoute() {
  useDocumentTitle(t('notify.title'));
  const user = useQuery(sessionQueries.user()).data;
  const accounts = useQuery(accountQueries.list()).data?.accounts.map((a) => a.name) ?? [];
  return (
    <div className="page page-wide">
      <h1>{t('notify.title')}</h1>
      <p className="muted">{t('notify.intro')}</p>
      {/* Inside RequireSession: the user is known. */}
      <NotifyPage canWrite={user?.role === 'admin'} accounts={accounts} user={user?.sub ?? ''} />
    </div>
  );
}

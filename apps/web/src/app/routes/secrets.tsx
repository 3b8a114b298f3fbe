import { useParams } from 'react-router';
import { SecretsList } from '../../features/secrets/components/secrets-list';
import { Msg, t } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';

/** `/accounts/:account/secrets?name=&state=&limit=&marker=&prev=` (see features/secrets/utils/list-params.ts). */
export function SecretsRoute() {
  useDocumentTitle(t('pages.secrets.title'));
  const { account = '' } = useParams();
  return (
    <div className="page secrets-page">
      <h1>{t('pages.secrets.title')}</h1>
      <p className="muted">
        <Msg id="pages.secrets.intro" values={{ account: <strong>{account}</strong> }} />
      </p>
      <SecretsList key={account} account={account} />
    </div>
  );
}

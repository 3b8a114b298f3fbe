import { useParams } from 'react-router';
import { SecretsList } from '../../features/secrets/components/secrets-list';
import { useDocumentTitle } from '../../lib/use-document-title';

/** `/accounts/:account/secrets?name=&state=&limit=&marker=&prev=` (see features/secrets/utils/list-params.ts). */
export function SecretsRoute() {
  useDocumentTitle('Secrets');
  const { account = '' } = useParams();
  return (
    <div className="page">
      <h1>Secrets</h1>
      <p className="muted">
        Account <strong>{account}</strong>. Metadata only: secret values never reach this console.
      </p>
      <SecretsList key={account} account={account} />
    </div>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { ExpiryEditorGate } from '../../features/expiry/components/expiry-editor-gate';
import { expiryAction } from '../../features/expiry/utils/access';
import { sessionQueries } from '../../features/session/api/queries';
import { secretQueries } from '../../features/versions/api/queries';
import { SecretPage } from '../../features/versions/components/secret-page';

/**
 * `/accounts/:account/secrets/:secret[?edit=<version>]`: the versions feature's page, with the expiry
 * feature's row actions and editor plugged in; the editor refreshes the page's data through its factory key.
 */
export function SecretRoute() {
  const { account = '', secret = '' } = useParams();
  const user = useQuery(sessionQueries.user()).data;
  return (
    <SecretPage
      account={account}
      secret={secret}
      user={user}
      actionFor={(user, detail, version, now) => expiryAction(user.expiry_policy, detail, version, now)}
      renderEditor={(slot) => (
        <ExpiryEditorGate
          account={account}
          detail={slot.detail}
          user={slot.user}
          editId={slot.editId}
          now={slot.now}
          refreshes={secretQueries.detail(account, secret).queryKey}
          onClose={slot.close}
          onDismiss={slot.dismiss}
        />
      )}
    />
  );
}

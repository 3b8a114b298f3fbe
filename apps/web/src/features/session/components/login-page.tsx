import { useNavigate, useSearchParams } from 'react-router';
import { LanguageSwitch } from '../../../components/ui/language-switch';
import { t } from '../../../lib/i18n';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { safeNextPath } from '../next-path';
import { LoginForm } from './login-form';

/**
 * `/login[?next=<path>]`: sign in, then go where the user was when the session ended (`next`, kept to this
 * app's own paths). `useLogin` has already dropped whatever was cached under the previous session. The
 * language menu is here too: the first thing a new user reads is this page.
 */
export function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const expired = params.get('next') !== null;
  useDocumentTitle(t('session.login.title'));
  return (
    <main id="main" className="login-page">
      <div className="login-tools">
        <LanguageSwitch />
      </div>
      {expired ? (
        <p className="notice notice-info" role="status">
          {t('session.login.continue')}
        </p>
      ) : null}
      <LoginForm onSignedIn={() => void navigate(safeNextPath(params.get('next')), { replace: true })} />
    </main>
  );
}

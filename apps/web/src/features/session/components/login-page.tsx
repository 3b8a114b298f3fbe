import { useNavigate, useSearchParams } from 'react-router';
import { safeNextPath } from '../next-path';
import { LoginForm } from './login-form';

/**
 * `/login[?next=<path>]`: sign in, then go where the user was when the session ended (`next`, kept to this
 * app's own paths). `useLogin` has already dropped whatever was cached under the previous session.
 */
export function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const expired = params.get('next') !== null;
  return (
    <main id="main" className="login-page">
      {expired ? (
        <p className="notice notice-info" role="status">
          Please sign in to continue where you were.
        </p>
      ) : null}
      <LoginForm onSignedIn={() => void navigate(safeNextPath(params.get('next')), { replace: true })} />
    </main>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { LoginForm } from '../../features/session/components/login-form';
import { safeNextPath } from '../../features/session/next-path';

export function LoginRoute() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const expired = params.get('next') !== null;
  return (
    <main id="main" className="login-page">
      {expired ? (
        <p className="notice notice-info" role="status">
          Please sign in to continue where you were.
        </p>
      ) : null}
      <LoginForm
        onSignedIn={() => {
          void queryClient.invalidateQueries();
          void navigate(safeNextPath(params.get('next')), { replace: true });
        }}
      />
    </main>
  );
}

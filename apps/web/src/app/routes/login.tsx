import { LoginPage } from '../../features/session/components/login-page';

export function LoginRoute() {
  return <LoginPage />;
}

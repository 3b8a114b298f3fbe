import { LoginInputSchema, type LoginInput } from '@csms-console/api-contract';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { useLogin } from '../api/queries';

export function LoginForm({ onSignedIn }: { onSignedIn: () => void }) {
  const login = useLogin();
  const form = useForm<LoginInput>({
    resolver: zodResolver(LoginInputSchema),
    defaultValues: { username: '', password: '' },
  });
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async (input) => {
    try {
      await login.mutateAsync(input);
      onSignedIn();
    } catch {
      form.resetField('password');
      form.setFocus('password');
    }
  });

  return (
    <form className="login-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="login-title">
      <h1 id="login-title">Sign in</h1>
      <p className="muted">CSMS Version Console</p>
      {login.error ? <ErrorNotice error={login.error} title="Sign-in failed" /> : null}
      <div className="field">
        <label htmlFor="login-username">Username</label>
        <input
          id="login-username"
          autoComplete="username"
          autoFocus
          aria-invalid={errors.username ? true : undefined}
          aria-describedby={errors.username ? 'login-username-error' : undefined}
          {...form.register('username')}
        />
        {errors.username ? (
          <p id="login-username-error" className="field-error">
            Username {errors.username.message}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="login-password">Password</label>
        <input
          id="login-password"
          type="password"
          autoComplete="current-password"
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={errors.password ? 'login-password-error' : undefined}
          {...form.register('password')}
        />
        {errors.password ? (
          <p id="login-password-error" className="field-error">
            Password {errors.password.message}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button primary" disabled={isSubmitting}>
        {isSubmitting ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

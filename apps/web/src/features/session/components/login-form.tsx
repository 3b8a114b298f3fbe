import { LoginInputSchema, type LoginInput } from '@csms-console/api-contract';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { FormField } from '../../../components/ui/form-field';
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
      <FormField
        id="login-username"
        label="Username"
        error={errors.username ? `Username ${errors.username.message}` : undefined}
      >
        {(control) => <input {...control} autoComplete="username" autoFocus {...form.register('username')} />}
      </FormField>
      <FormField
        id="login-password"
        label="Password"
        error={errors.password ? `Password ${errors.password.message}` : undefined}
      >
        {(control) => (
          <input
            {...control}
            type="password"
            autoComplete="current-password"
            {...form.register('password')}
          />
        )}
      </FormField>
      <button type="submit" className="button primary" disabled={isSubmitting}>
        {isSubmitting ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

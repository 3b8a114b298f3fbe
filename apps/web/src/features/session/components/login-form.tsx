import { LoginInputSchema, type LoginInput } from '@csms-console/api-contract';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm, type FieldError } from 'react-hook-form';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { FormField } from '../../../components/ui/form-field';
import { t } from '../../../lib/i18n';
import { useLogin } from '../api/queries';

/** The field's problem in the user's language: the schema's checks are "required" and "at most N". */
function fieldError(error: FieldError | undefined, field: 'username' | 'password'): string | undefined {
  if (!error) return undefined;
  if (error.type === 'too_big') {
    const max = field === 'username' ? 64 : 1024;
    return t(field === 'username' ? 'session.login.usernameTooLong' : 'session.login.passwordTooLong', {
      max,
    });
  }
  return t(field === 'username' ? 'session.login.usernameRequired' : 'session.login.passwordRequired');
}

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
      <h1 id="login-title">{t('session.login.title')}</h1>
      <p className="muted">{t('app.brand')}</p>
      {login.error ? <ErrorNotice error={login.error} title={t('session.login.failed')} /> : null}
      <FormField
        id="login-username"
        label={t('session.login.username')}
        error={fieldError(errors.username, 'username')}
      >
        {(control) => <input {...control} autoComplete="username" autoFocus {...form.register('username')} />}
      </FormField>
      <FormField
        id="login-password"
        label={t('session.login.password')}
        error={fieldError(errors.password, 'password')}
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
        {isSubmitting ? t('session.login.submitting') : t('session.login.submit')}
      </button>
    </form>
  );
}

import { LoginInputSchema } from '@csms-console/api-contract';
import { useRef, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../../components/ui/error-notice';
import { FormField } from '../../../components/ui/form-field';
import { t } from '../../../lib/i18n';
import { useLogin } from '../api/queries';

type Field = 'username' | 'password';
type FieldProblems = Partial<Record<Field, 'required' | 'too_big'>>;

/** The field's problem in the user's language: the schema's checks are "required" and "at most N". */
function fieldError(problem: 'required' | 'too_big' | undefined, field: Field): string | undefined {
  if (!problem) return undefined;
  if (problem === 'too_big') {
    const max = field === 'username' ? 64 : 1024;
    return t(field === 'username' ? 'session.login.usernameTooLong' : 'session.login.passwordTooLong', {
      max,
    });
  }
  return t(field === 'username' ? 'session.login.usernameRequired' : 'session.login.passwordRequired');
}

/**
 * The sign-in form. Two fields checked with the contract's own schema (LoginInputSchema), without
 * react-hook-form: this page is on every cold visit's path to the secrets list, and the form library and its
 * resolver were 13.5 KB of the 150 KB budget (issue 13). The editor and the other forms keep react-hook-form.
 */
export function LoginForm({ onSignedIn }: { onSignedIn: () => void }) {
  const login = useLogin();
  const [problems, setProblems] = useState<FieldProblems>({});
  const passwordRef = useRef<HTMLInputElement>(null);
  const usernameRef = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = LoginInputSchema.safeParse({
      username: data.get('username') ?? '',
      password: data.get('password') ?? '',
    });
    if (!parsed.success) {
      const found: FieldProblems = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if ((field === 'username' || field === 'password') && !found[field]) {
          found[field] = issue.code === 'too_big' ? 'too_big' : 'required';
        }
      }
      setProblems(found);
      (found.username ? usernameRef : passwordRef).current?.focus();
      return;
    }
    setProblems({});
    try {
      await login.mutateAsync(parsed.data);
      onSignedIn();
    } catch {
      if (passwordRef.current) passwordRef.current.value = '';
      passwordRef.current?.focus();
    }
  };

  return (
    <form className="login-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="login-title">
      <h1 id="login-title">{t('session.login.title')}</h1>
      <p className="muted">{t('app.brand')}</p>
      {login.error ? <ErrorNotice error={login.error} title={t('session.login.failed')} /> : null}
      <FormField
        id="login-username"
        label={t('session.login.username')}
        error={fieldError(problems.username, 'username')}
      >
        {(control) => (
          <input {...control} ref={usernameRef} name="username" autoComplete="username" autoFocus />
        )}
      </FormField>
      <FormField
        id="login-password"
        label={t('session.login.password')}
        error={fieldError(problems.password, 'password')}
      >
        {(control) => (
          <input
            {...control}
            ref={passwordRef}
            name="password"
            type="password"
            autoComplete="current-password"
          />
        )}
      </FormField>
      <button type="submit" className="button primary" disabled={login.isPending}>
        {login.isPending ? t('session.login.submitting') : t('session.login.submit')}
      </button>
    </form>
  );
}

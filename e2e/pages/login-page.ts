import { expect, type Page } from '@playwright/test';

/** What the sign-in page calls its parts, per language. */
export const LOGIN_NAMES = {
  en: { username: 'Username', password: 'Password', signIn: 'Sign in' },
  'zh-CN': { username: '用户名', password: '密码', signIn: '登录' },
} as const;

/** The console's sign-in form (labels `Username`, `Password`, button `Sign in`; in Chinese with `names`). */
export class LoginPage {
  constructor(
    readonly page: Page,
    readonly names: (typeof LOGIN_NAMES)[keyof typeof LOGIN_NAMES] = LOGIN_NAMES.en,
  ) {}

  username() {
    return this.page.getByLabel(this.names.username, { exact: true });
  }

  password() {
    return this.page.getByLabel(this.names.password, { exact: true });
  }

  heading() {
    return this.page.getByRole('heading', { name: this.names.signIn });
  }

  submit() {
    return this.page.getByRole('button', { name: this.names.signIn });
  }

  async goto(): Promise<void> {
    await this.page.goto('/');
    await expect(this.submit()).toBeVisible();
  }

  /** Fills the form and signs in; resolves once the sign-in page has gone (the console is showing). */
  async signIn(username: string, password: string): Promise<void> {
    await this.username().fill(username);
    await this.password().fill(password);
    const login = this.page.waitForResponse((r) => new URL(r.url()).pathname === '/bff/login');
    await this.submit().click();
    expect((await login).status(), 'POST /bff/login').toBe(200);
    await expect(this.heading()).toBeHidden();
  }
}

import { expect, type Page } from '@playwright/test';

/** The console's sign-in form (labels `Username`, `Password`, button `Sign in`). */
export class LoginPage {
  constructor(readonly page: Page) {}

  username() {
    return this.page.getByLabel('Username', { exact: true });
  }

  password() {
    return this.page.getByLabel('Password', { exact: true });
  }

  heading() {
    return this.page.getByRole('heading', { name: 'Sign in' });
  }

  submit() {
    return this.page.getByRole('button', { name: 'Sign in' });
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

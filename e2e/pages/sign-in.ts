import { expect, type Page } from '@playwright/test';

/**
 * Signs in through the console's form in whatever language it speaks: the fields are found by what they
 * are for (`autocomplete`), not by their labels, and the form is sent with Enter. Resolves once signed in.
 */
export async function signInInAnyLanguage(
  page: Page,
  user: { name: string; password: string },
): Promise<void> {
  await page.goto('/');
  await page.locator('input[autocomplete="username"]').fill(user.name);
  const password = page.locator('input[autocomplete="current-password"]');
  await password.fill(user.password);
  const login = page.waitForResponse((r) => new URL(r.url()).pathname === '/bff/login');
  await password.press('Enter');
  expect((await login).status(), 'POST /bff/login').toBe(200);
  await expect(password).toBeHidden();
}

import { expect, type Locator, type Page } from '@playwright/test';

/** `/accounts/:account/secrets`: filters, one page of secrets, the pager. */
export class SecretsPage {
  constructor(readonly page: Page) {}

  static path(account: string, search = ''): string {
    return `/accounts/${encodeURIComponent(account)}/secrets${search}`;
  }

  async goto(account: string, search = ''): Promise<void> {
    await this.page.goto(SecretsPage.path(account, search));
    await this.expectLoaded();
  }

  heading(): Locator {
    return this.page.getByRole('heading', { level: 1, name: 'Secrets' });
  }

  table(): Locator {
    return this.page.getByRole('table', { name: 'Secrets' });
  }

  nameSearch(): Locator {
    return this.page.getByRole('searchbox', { name: 'Name contains' });
  }

  stateFilter(): Locator {
    return this.page.getByRole('combobox', { name: 'State', exact: true });
  }

  previousPage(): Locator {
    return this.page.getByRole('button', { name: 'Previous page' });
  }

  nextPage(): Locator {
    return this.page.getByRole('button', { name: 'Next page' });
  }

  secretLink(name: string): Locator {
    return this.table().getByRole('link', { name, exact: true });
  }

  async expectLoaded(): Promise<void> {
    await expect(this.heading()).toBeVisible();
    await expect(this.table().getByRole('row').nth(1)).toBeVisible();
  }

  async search(name: string): Promise<void> {
    await this.nameSearch().fill(name);
    await this.nameSearch().press('Enter');
    await expect(this.page).toHaveURL(new RegExp(`[?&]name=${name}`));
  }

  async openSecret(name: string): Promise<void> {
    await this.secretLink(name).click();
    await expect(this.page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible();
  }
}

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

  /** The row of one secret (its header cell holds the link). */
  row(name: string): Locator {
    // `has` is matched inside each row, so the link's locator starts from the page, not from the table.
    return this.table()
      .getByRole('row')
      .filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  /** A column's header, e.g. `Nearest expiry` or `Most urgent` (shown once a fleet scan exists). */
  columnHeader(name: string | RegExp): Locator {
    return this.table().getByRole('columnheader', { name });
  }

  /** The cell of `column` in a secret's row, found by the column header's position. */
  async cell(name: string, column: string | RegExp): Promise<Locator> {
    const headers = await this.table().getByRole('columnheader').allInnerTexts();
    const index = headers.findIndex((h) => (typeof column === 'string' ? h === column : column.test(h)));
    if (index < 0)
      throw new Error(`the secrets table has no column ${String(column)}: ${headers.join(', ')}`);
    return this.row(name)
      .getByRole(index === 0 ? 'rowheader' : 'cell')
      .nth(index === 0 ? 0 : index - 1);
  }

  /** "Expiries from the fleet scan started …"; absent before the first scan. */
  scanLine(): Locator {
    return this.page.getByText(/^Expiries from the fleet scan started/);
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

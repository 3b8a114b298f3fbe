import { expect, type Locator, type Page } from '@playwright/test';

/**
 * `/accounts/:account/fleet` (or `/fleet`, every account, when `account` is null): counts per bucket, the
 * timeline, filters, the versions table, Extend selected.
 */
export class FleetPage {
  constructor(
    readonly page: Page,
    readonly account: string | null,
  ) {}

  static path(account: string | null, search = ''): string {
    return account === null ? `/fleet${search}` : `/accounts/${encodeURIComponent(account)}/fleet${search}`;
  }

  async goto(search = ''): Promise<void> {
    await this.page.goto(FleetPage.path(this.account, search));
    await expect(this.heading()).toBeVisible();
  }

  heading(): Locator {
    return this.page.getByRole('heading', {
      level: 1,
      name: this.account === null ? 'Fleet expiry, all accounts' : 'Fleet expiry',
    });
  }

  /** Waits until the scan the board shows is complete (the board polls while it runs). */
  async waitForCompleteScan(): Promise<void> {
    await expect(this.table()).toBeVisible({ timeout: 20_000 });
    await expect(this.page.getByText(/Scan in progress/)).toHaveCount(0, { timeout: 30_000 });
  }

  table(): Locator {
    return this.page.getByRole('table', { name: /^Versions of every secret/ });
  }

  bucketToggle(label: string): Locator {
    return this.page.getByRole('list', { name: /Versions per bucket/ }).getByRole('button', { name: label });
  }

  stageFilter(): Locator {
    return this.page.getByRole('combobox', { name: 'Stage' });
  }

  accountFilter(): Locator {
    return this.page
      .getByRole('search', { name: 'Filter versions' })
      .getByRole('combobox', { name: 'Account' });
  }

  /** All-accounts board: body rows as `account/secret/version` keys (cells: select, account, version...). */
  async accountRowKeys(): Promise<string[]> {
    const rows = this.table().locator('tbody tr:not([aria-hidden="true"])');
    return rows.evaluateAll((trs) =>
      trs.map((tr) => {
        const tds = tr.querySelectorAll('td');
        return `${tds[1]?.textContent ?? ''}/${tr.querySelector('th')?.textContent ?? ''}/${tds[2]?.textContent ?? ''}`;
      }),
    );
  }

  nameFilter(): Locator {
    return this.page.getByRole('searchbox', { name: 'Secret name contains' });
  }

  /** Each body row's "CSMS notifies" cell, as `secret/version` -> its text, in table order. */
  async notifyCells(): Promise<[string, string][]> {
    const column = await this.table()
      .locator('thead th')
      .evaluateAll((ths) => ths.findIndex((th) => th.textContent.includes('CSMS notifies')));
    expect(column).toBeGreaterThan(0);
    const rows = this.table().locator('tbody tr:not([aria-hidden="true"])');
    return rows.evaluateAll(
      (trs, col) =>
        trs.map((tr): [string, string] => [
          `${tr.querySelector('th')?.textContent ?? ''}/${tr.querySelectorAll('td')[1]?.textContent ?? ''}`,
          tr.children[col]?.textContent ?? '',
        ]),
      column,
    );
  }

  /** Body rows as `secret/version` keys, in table order. */
  async rowKeys(): Promise<string[]> {
    const rows = this.table().locator('tbody tr:not([aria-hidden="true"])');
    return rows.evaluateAll((trs) =>
      trs.map(
        (tr) =>
          `${tr.querySelector('th')?.textContent ?? ''}/${tr.querySelectorAll('td')[1]?.textContent ?? ''}`,
      ),
    );
  }

  selectAll(): Locator {
    return this.table().getByRole('checkbox', { name: /^Select all/ });
  }

  extendButton(): Locator {
    return this.page.getByRole('button', { name: 'Extend selected' });
  }

  dialog(): Locator {
    return this.page.getByRole('dialog', { name: /^Extend \d+ selected versions$/ });
  }

  preview(): Locator {
    return this.dialog().getByRole('table', { name: /^Preview:/ });
  }

  outcome(): Locator {
    return this.dialog().getByRole('table', { name: 'Outcome per version' });
  }
}

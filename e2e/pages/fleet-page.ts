import { expect, type Locator, type Page } from '@playwright/test';

/** `/accounts/:account/fleet`: counts per bucket, the timeline, filters, the versions table, Extend selected. */
export class FleetPage {
  constructor(
    readonly page: Page,
    readonly account: string,
  ) {}

  static path(account: string, search = ''): string {
    return `/accounts/${encodeURIComponent(account)}/fleet${search}`;
  }

  async goto(search = ''): Promise<void> {
    await this.page.goto(FleetPage.path(this.account, search));
    await expect(this.page.getByRole('heading', { level: 1, name: 'Fleet expiry' })).toBeVisible();
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

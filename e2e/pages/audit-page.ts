import { expect, type Locator, type Page } from '@playwright/test';

/** `/audit?...`: the chain's state, the filters, the events table, the CSV, "Changed outside the console". */
export class AuditPage {
  constructor(readonly page: Page) {}

  async goto(search = ''): Promise<void> {
    await this.page.goto(`/audit${search}`);
    await this.expectLoaded();
  }

  async expectLoaded(): Promise<void> {
    // The page is a lazy chunk: the first visit loads it.
    await expect(this.page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible({
      timeout: 15_000,
    });
  }

  filters(): Locator {
    return this.page.getByRole('search', { name: 'Filter the audit log' });
  }

  field(label: string | RegExp): Locator {
    return this.filters().getByLabel(label);
  }

  apply(): Locator {
    return this.filters().getByRole('button', { name: 'Apply filters' });
  }

  table(): Locator {
    return this.page.getByRole('table', { name: /^Audit events/ });
  }

  rows(): Locator {
    return this.table().locator('tbody tr');
  }

  /** The "N events shown" line (or "No event matches"). */
  count(): Locator {
    return this.page.locator('.audit-count');
  }

  chain(): Locator {
    return this.page.getByRole('region', { name: 'Hash chain' });
  }

  outside(account: string): Locator {
    return this.page
      .getByRole('region', { name: 'Changed outside the console' })
      .getByRole('region', { name: `Account ${account}` });
  }

  download(): Locator {
    return this.page.getByRole('button', { name: /^Download CSV/ });
  }

  /** Each body row's cells as text, by column header. */
  async rowTexts(): Promise<Record<string, string>[]> {
    return this.table().evaluate((table) => {
      const heads = Array.from(table.querySelectorAll('thead th'), (th) => th.textContent.trim());
      return Array.from(table.querySelectorAll('tbody tr'), (tr) =>
        Object.fromEntries(
          Array.from(tr.children, (cell, i) => [heads[i] ?? String(i), cell.textContent.trim()]),
        ),
      );
    });
  }
}

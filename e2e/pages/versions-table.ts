import { expect, type Locator, type Page } from '@playwright/test';

/** The secret page's `Versions` table: one row per version, its expiry and its `Change expiry` button. */
export class VersionsTable {
  constructor(readonly page: Page) {}

  table(): Locator {
    return this.page.getByRole('table', { name: 'Versions' });
  }

  /** Data rows (the header row excluded). */
  rows(): Locator {
    return this.table()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader') });
  }

  row(id: string): Locator {
    return this.table()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: id, exact: true }) });
  }

  /** The row's `Change expiry` button (accessible name `Change expiry of <id>`). */
  changeExpiry(id: string): Locator {
    return this.row(id).getByRole('button', { name: `Change expiry of ${id}`, exact: true });
  }

  /** Every `Change expiry` control on the page, in or out of the table. */
  anyChangeExpiry(): Locator {
    return this.page.getByRole('button', { name: /change expiry/i });
  }

  /** The row's Expires cell (absolute time in the shown zone, UTC, relative wording). */
  expires(id: string): Locator {
    return this.row(id).getByRole('cell').nth(2);
  }

  async expectVersions(ids: readonly string[]): Promise<void> {
    await expect(this.rows().getByRole('rowheader')).toHaveText([...ids]);
  }
}

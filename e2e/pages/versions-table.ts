import { expect, type Locator, type Page } from '@playwright/test';

/** What the versions table is called in each language (English by default, as the specs run). */
export const VERSIONS_TABLE_NAMES = {
  en: { table: 'Versions', changeExpiryOf: (id: string) => `Change expiry of ${id}` },
  'zh-CN': { table: '版本', changeExpiryOf: (id: string) => `修改 ${id} 的过期时间` },
} as const;
export type VersionsTableNames = (typeof VERSIONS_TABLE_NAMES)[keyof typeof VERSIONS_TABLE_NAMES];

/**
 * The secret page's `Versions` table: one row per version, its expiry and its `Change expiry` button. On a
 * phone each row is a card whose values sit under visible labels (the column names); it is still a table to
 * assistive technology, so the same locators find it.
 */
export class VersionsTable {
  constructor(
    readonly page: Page,
    readonly names: VersionsTableNames = VERSIONS_TABLE_NAMES.en,
  ) {}

  table(): Locator {
    return this.page.getByRole('table', { name: this.names.table });
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
    return this.row(id).getByRole('button', { name: this.names.changeExpiryOf(id), exact: true });
  }

  /** Every `Change expiry` control on the page, in or out of the table. */
  anyChangeExpiry(): Locator {
    return this.page.getByRole('button', { name: /change expiry/i });
  }

  /** The row's Expires cell (absolute time in the shown zone, UTC, relative wording). */
  expires(id: string): Locator {
    return this.row(id).getByRole('cell').nth(2);
  }

  /** The label a cell shows on a phone (its column's name), e.g. `Expires`. */
  cellLabel(id: string, column: string): Locator {
    return this.row(id).locator('.cell-label').getByText(column, { exact: true });
  }

  /** A row's cell found by that label. */
  labelledCell(id: string, column: string): Locator {
    return this.row(id)
      .getByRole('cell')
      .filter({ has: this.page.locator('.cell-label').getByText(column, { exact: true }) });
  }

  async expectVersions(ids: readonly string[]): Promise<void> {
    await expect(this.rows().getByRole('rowheader')).toHaveText([...ids]);
  }
}

import { expect, type Locator, type Page } from '@playwright/test';
import { ExpiryDialog } from './expiry-dialog.js';
import { VersionsTable } from './versions-table.js';

/** `/accounts/:account/secrets/:secret`: metadata, notification answer, versions; `?edit=<id>` opens the editor. */
export class SecretPage {
  readonly versions: VersionsTable;

  constructor(
    readonly page: Page,
    readonly account: string,
    readonly secret: string,
  ) {
    this.versions = new VersionsTable(page);
  }

  path(search = ''): string {
    return `/accounts/${encodeURIComponent(this.account)}/secrets/${encodeURIComponent(this.secret)}${search}`;
  }

  async goto(search = ''): Promise<void> {
    await this.page.goto(this.path(search));
    await this.expectLoaded();
  }

  heading(): Locator {
    return this.page.getByRole('heading', { level: 1, name: this.secret, exact: true });
  }

  /** The secret's metadata (`Details`: state, type, key, description, times). */
  details(): Locator {
    return this.page.getByRole('region', { name: 'Details' });
  }

  /** A term/definition pair of the details list, e.g. `State`. */
  detail(term: string): Locator {
    return this.details()
      .locator('.meta-row')
      .filter({ has: this.page.getByRole('term').filter({ hasText: term }) })
      .getByRole('definition');
  }

  async expectLoaded(): Promise<void> {
    await expect(this.heading()).toBeVisible();
    await expect(this.versions.rows().first()).toBeVisible();
  }

  /** Opens the editor from the row's button; resolves once the dialog's form shows. */
  async openEditor(versionId: string): Promise<ExpiryDialog> {
    await this.versions.changeExpiry(versionId).click();
    const dialog = new ExpiryDialog(this.page, versionId);
    await dialog.expectOpen();
    await expect(this.page).toHaveURL(new RegExp(`[?&]edit=${versionId}(&|$)`));
    return dialog;
  }

  /** Opens this page, then `versionId`'s editor, in `zone` (the start of most editor specs). */
  async gotoEditor(versionId: string, zone: 'local' | 'utc' = 'local'): Promise<ExpiryDialog> {
    await this.goto();
    const dialog = await this.openEditor(versionId);
    if (zone === 'utc') await dialog.zoneRadio('utc').check();
    return dialog;
  }

  dialog(versionId: string): ExpiryDialog {
    return new ExpiryDialog(this.page, versionId);
  }
}

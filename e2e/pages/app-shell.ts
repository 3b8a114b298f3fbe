import { expect, type Locator, type Page } from '@playwright/test';

/** The header of every signed-in page: who is signed in, the account, the time zone and `Sign out`. */
export class AppShell {
  constructor(readonly page: Page) {}

  header(): Locator {
    return this.page.getByRole('banner');
  }

  userName(): Locator {
    return this.header().locator('.user-name');
  }

  /** The user box: name and role as text (`auditor Auditor`). */
  userBox(): Locator {
    return this.header().locator('.user-box');
  }

  signOut(): Locator {
    return this.header().getByRole('button', { name: 'Sign out' });
  }

  account(): Locator {
    return this.header().getByLabel('Account', { exact: true });
  }

  zone(): Locator {
    return this.header().getByRole('group', { name: 'Time zone' });
  }

  zoneRadio(choice: 'local' | 'utc'): Locator {
    return this.zone().getByRole(
      'radio',
      choice === 'utc' ? { name: 'UTC', exact: true } : { name: /^Local \(/ },
    );
  }

  async useZone(choice: 'local' | 'utc'): Promise<void> {
    await this.zoneRadio(choice).check();
    await expect(this.zoneRadio(choice)).toBeChecked();
  }

  /** Signed in as `name`, with the role shown as text next to it. */
  async expectSignedIn(name: string, roleLabel: RegExp | string): Promise<void> {
    await expect(this.userName()).toHaveText(name);
    await expect(this.userBox()).toContainText(roleLabel);
    await expect(this.signOut()).toBeVisible();
  }
}

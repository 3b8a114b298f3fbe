import { expect, type Locator, type Page } from '@playwright/test';

/**
 * The board's names in one language: what a person reads and the roles are named by. English by default;
 * a spec in another language passes its own (`fleet-zh.spec.ts`).
 */
export interface FleetWords {
  heading: string;
  headingAll: string;
  scanRunning: RegExp;
  versions: RegExp;
  buckets: RegExp;
  filters: string;
  account: string;
  stage: string;
  secretName: string;
  notifyColumn: string;
  selectAll: RegExp;
  extendSelected: string;
  dialog: RegExp;
  preview: RegExp;
  outcome: string;
}

export const ENGLISH: FleetWords = {
  heading: 'Fleet expiry',
  headingAll: 'Fleet expiry, all accounts',
  scanRunning: /Scan in progress/,
  versions: /^Versions of every secret/,
  buckets: /Versions per bucket/,
  filters: 'Filter versions',
  account: 'Account',
  stage: 'Stage',
  secretName: 'Secret name contains',
  notifyColumn: 'CSMS notifies',
  selectAll: /^Select all/,
  extendSelected: 'Extend selected',
  dialog: /^Extend [\d,]+ selected versions?$/,
  preview: /^Preview:/,
  outcome: 'Outcome per version',
};

/**
 * `/accounts/:account/fleet` (or `/fleet`, every account, when `account` is null): counts per bucket, the
 * timeline, filters, the versions table (cards on a phone), Extend selected.
 */
export class FleetPage {
  constructor(
    readonly page: Page,
    readonly account: string | null,
    readonly words: FleetWords = ENGLISH,
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
      name: this.account === null ? this.words.headingAll : this.words.heading,
    });
  }

  /** Waits until the scan the board shows is complete (the board polls while it runs). */
  async waitForCompleteScan(versions: Locator = this.table()): Promise<void> {
    await expect(versions).toBeVisible({ timeout: 20_000 });
    await expect(this.page.getByText(this.words.scanRunning)).toHaveCount(0, { timeout: 30_000 });
  }

  table(): Locator {
    return this.page.getByRole('table', { name: this.words.versions });
  }

  /** On a phone: the versions as a list of cards. */
  cards(): Locator {
    return this.page.getByRole('list', { name: this.words.versions });
  }

  /** On a phone: the card of one version, found by its checkbox's name (`Select <secret> <version>`). */
  card(secret: string, version: string): Locator {
    return this.cards()
      .getByRole('listitem')
      .filter({ has: this.page.getByRole('heading', { name: secret, exact: true }) })
      .filter({ has: this.page.getByRole('definition').getByText(version, { exact: true }) });
  }

  /** On a phone: a board card's or a preview card's value under its label (`Expiry`, `After`...). */
  cardValue(card: Locator, label: string): Locator {
    return card
      .getByRole('term')
      .filter({ hasText: new RegExp(`^${label}$`) })
      .locator('xpath=following-sibling::dd[1]');
  }

  bucketToggle(label: string): Locator {
    return this.page.getByRole('list', { name: this.words.buckets }).getByRole('button', { name: label });
  }

  stageFilter(): Locator {
    return this.page.getByRole('combobox', { name: this.words.stage });
  }

  accountFilter(): Locator {
    return this.page
      .getByRole('search', { name: this.words.filters })
      .getByRole('combobox', { name: this.words.account });
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
    return this.page.getByRole('searchbox', { name: this.words.secretName });
  }

  /** Each body row's "CSMS notifies" cell, as `secret/version` -> its text, in table order. */
  async notifyCells(): Promise<[string, string][]> {
    const column = await this.table()
      .locator('thead th')
      .evaluateAll(
        (ths, name) => ths.findIndex((th) => th.textContent.includes(name)),
        this.words.notifyColumn,
      );
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
    return this.page.getByRole('checkbox', { name: this.words.selectAll });
  }

  extendButton(): Locator {
    return this.page.getByRole('button', { name: this.words.extendSelected });
  }

  dialog(): Locator {
    return this.page.getByRole('dialog', { name: this.words.dialog });
  }

  /** The dry run's answer per version: a table, or on a phone a list of cards. */
  preview(): Locator {
    const name = this.words.preview;
    return this.dialog().getByRole('table', { name }).or(this.dialog().getByRole('list', { name }));
  }

  outcome(): Locator {
    const name = this.words.outcome;
    return this.dialog().getByRole('table', { name }).or(this.dialog().getByRole('list', { name }));
  }
}

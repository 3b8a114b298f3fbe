import { expect, type Locator, type Page } from '@playwright/test';

/** The page's own names people find things by, in one language. */
export interface AuditPageNames {
  heading: string;
  filters: string;
  apply: string;
  table: RegExp;
  chain: string;
  outside: string;
  account: (account: string) => string;
  download: RegExp;
}

export const AUDIT_NAMES_EN: AuditPageNames = {
  heading: 'Audit log',
  filters: 'Filter the audit log',
  apply: 'Apply filters',
  table: /^Audit events/,
  chain: 'Hash chain',
  outside: 'Changed outside the console',
  account: (account) => `Account ${account}`,
  download: /^Download CSV/,
};

export const AUDIT_NAMES_ZH: AuditPageNames = {
  heading: '审计日志',
  filters: '筛选审计日志',
  apply: '应用筛选',
  table: /^审计事件/,
  chain: '哈希链',
  outside: '在控制台之外的修改',
  account: (account) => `账号 ${account}`,
  download: /^下载这些事件的 CSV/,
};

/**
 * `/audit?...`: the chain's state, the filters, the events table, the CSV, "Changed outside the console".
 * English names by default; `AUDIT_NAMES_ZH` for the page in Chinese.
 */
export class AuditPage {
  constructor(
    readonly page: Page,
    readonly names: AuditPageNames = AUDIT_NAMES_EN,
  ) {}

  async goto(search = ''): Promise<void> {
    await this.page.goto(`/audit${search}`);
    await this.expectLoaded();
  }

  async expectLoaded(): Promise<void> {
    // The page is a lazy chunk: the first visit loads it.
    await expect(this.page.getByRole('heading', { level: 1, name: this.names.heading })).toBeVisible({
      timeout: 15_000,
    });
  }

  filters(): Locator {
    return this.page.getByRole('search', { name: this.names.filters });
  }

  field(label: string | RegExp): Locator {
    return this.filters().getByLabel(label);
  }

  apply(): Locator {
    return this.filters().getByRole('button', { name: this.names.apply });
  }

  table(): Locator {
    return this.page.getByRole('table', { name: this.names.table });
  }

  rows(): Locator {
    return this.table().locator('tbody tr');
  }

  /** The "N events shown" line (or "No event matches"). */
  count(): Locator {
    return this.page.locator('.audit-count');
  }

  chain(): Locator {
    return this.page.getByRole('region', { name: this.names.chain });
  }

  outside(account: string): Locator {
    return this.page
      .getByRole('region', { name: this.names.outside })
      .getByRole('region', { name: this.names.account(account) });
  }

  download(): Locator {
    return this.page.getByRole('button', { name: this.names.download });
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

import { expect, type Locator, type Page } from '@playwright/test';

/** The page's own names people find things by, in one language (apps/web/src/locales, `notify.*`). */
export interface NotificationsPageNames {
  heading: string;
  rules: RegExp;
  channels: RegExp;
  log: RegExp;
  newRule: string;
  newChannel: string;
  save: string;
  sendTest: (channel: string) => string;
  editRule: (rule: string) => string;
  deleteRule: (rule: string) => string;
  editChannel: (channel: string) => string;
  deleteChannel: (channel: string) => string;
  confirmDelete: string;
  logFilters: string;
  loadMore: string;
  scheduler: string;
}

export const NOTIFY_NAMES_EN: NotificationsPageNames = {
  heading: 'Notifications',
  rules: /rules?$/,
  channels: /channels?$/,
  log: /deliver(y|ies), newest first$/,
  newRule: 'New rule',
  newChannel: 'New channel',
  save: 'Save',
  sendTest: (channel) => `Send test to ${channel}`,
  editRule: (rule) => `Edit rule ${rule}`,
  deleteRule: (rule) => `Delete rule ${rule}`,
  editChannel: (channel) => `Edit channel ${channel}`,
  deleteChannel: (channel) => `Delete channel ${channel}`,
  confirmDelete: 'Delete',
  logFilters: 'Filter the delivery log',
  loadMore: 'Load more',
  scheduler: 'Scheduled checks',
};

export const NOTIFY_NAMES_ZH: NotificationsPageNames = {
  heading: '通知',
  rules: /条规则$/,
  channels: /个渠道$/,
  log: /条投递记录，最新的在前$/,
  newRule: '新建规则',
  newChannel: '新建渠道',
  save: '保存',
  sendTest: (channel) => `向 ${channel} 发送测试`,
  editRule: (rule) => `编辑规则 ${rule}`,
  deleteRule: (rule) => `删除规则 ${rule}`,
  editChannel: (channel) => `编辑渠道 ${channel}`,
  deleteChannel: (channel) => `删除渠道 ${channel}`,
  confirmDelete: '删除',
  logFilters: '筛选投递记录',
  loadMore: '加载更多',
  scheduler: '定时检查',
};

/**
 * `/notifications`: rules, channels (with "Send test") and the delivery log; the rule and channel forms open
 * in a dialog. English names by default; `NOTIFY_NAMES_ZH` for the page in Chinese. Fields are found by their
 * labels, as people find them (`dialogField('Webhook URL')`).
 */
export class NotificationsPage {
  constructor(
    readonly page: Page,
    readonly names: NotificationsPageNames = NOTIFY_NAMES_EN,
  ) {}

  /** The scheduler's status at the top: the last check, the schedule, notices, "Check now" for admins. */
  schedulerStatus(): Locator {
    return this.page.getByRole('region', { name: this.names.scheduler });
  }

  async goto(): Promise<void> {
    await this.page.goto('/notifications');
    await this.expectLoaded();
  }

  async expectLoaded(): Promise<void> {
    // The page is a lazy chunk: the first visit loads it.
    await expect(this.page.getByRole('heading', { level: 1, name: this.names.heading })).toBeVisible({
      timeout: 15_000,
    });
  }

  rulesTable(): Locator {
    return this.page.getByRole('table', { name: this.names.rules });
  }

  channelsTable(): Locator {
    return this.page.getByRole('table', { name: this.names.channels });
  }

  ruleRow(name: string): Locator {
    return this.rulesTable()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name }) });
  }

  channelRow(name: string): Locator {
    return this.channelsTable()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name }) });
  }

  newRule(): Locator {
    return this.page.getByRole('button', { name: this.names.newRule, exact: true });
  }

  newChannel(): Locator {
    return this.page.getByRole('button', { name: this.names.newChannel, exact: true });
  }

  /** The open form or confirmation. */
  dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  dialogField(label: string | RegExp): Locator {
    return this.dialog().getByLabel(label, { exact: typeof label === 'string' });
  }

  save(): Locator {
    return this.dialog().getByRole('button', { name: this.names.save });
  }

  /** Opens "New channel", picks the kind (its option's value, e.g. `webhook`), fills fields by label, saves. */
  async createChannel(kind: string, fields: Record<string, string>): Promise<void> {
    await this.newChannel().click();
    await this.dialog().getByRole('combobox').first().selectOption(kind);
    for (const [label, value] of Object.entries(fields)) await this.dialogField(label).fill(value);
    await this.save().click();
  }

  /** Opens "New rule", fills text fields by label, ticks the channels by name, saves. */
  async createRule(fields: Record<string, string>, channels: string[]): Promise<void> {
    await this.newRule().click();
    for (const [label, value] of Object.entries(fields)) await this.dialogField(label).fill(value);
    for (const channel of channels) await this.dialog().getByRole('checkbox', { name: channel }).check();
    await this.save().click();
  }

  sendTest(channel: string): Locator {
    return this.page.getByRole('button', { name: this.names.sendTest(channel) });
  }

  /** The outcome line under a channel's "Send test" (status and, on failure, the sentence). */
  testResult(channel: string): Locator {
    return this.channelRow(channel).getByRole('status');
  }

  deleteRule(name: string): Locator {
    return this.page.getByRole('button', { name: this.names.deleteRule(name) });
  }

  deleteChannel(name: string): Locator {
    return this.page.getByRole('button', { name: this.names.deleteChannel(name) });
  }

  confirmDelete(): Locator {
    return this.dialog().getByRole('button', { name: this.names.confirmDelete, exact: true });
  }

  logTable(): Locator {
    return this.page.getByRole('table', { name: this.names.log });
  }

  /** The delivery log's body rows, newest first. */
  logRows(): Locator {
    return this.logTable().locator('tbody tr');
  }

  logFilters(): Locator {
    return this.page.getByRole('search', { name: this.names.logFilters });
  }

  loadMore(): Locator {
    return this.page.getByRole('button', { name: this.names.loadMore });
  }
}

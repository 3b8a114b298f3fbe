/**
 * Advance expiry warnings (issue 14) in a browser: an admin opens Notifications from the nav, creates a
 * generic webhook channel aimed at a real HTTP receiver this spec runs on 127.0.0.1 (the stack allow-lists
 * loopback through NOTIFY_ALLOW_HOSTS), creates a rule on it, and sends tests: the receiver gets a POST whose
 * X-Console-Signature verifies under the signing key, the page and the delivery log say "Sent"; with the
 * receiver answering 500 the next test says "Failed" and why. Then what an auditor and support see (everything,
 * nothing to change), an admin's "Check now" (queued, then the status line shows the check ran), and the page in
 * Chinese and on a phone. axe on the page and on every dialog opened.
 *
 * Each test removes the rules and channels it made (deliveries stay, as in production): the stack is the
 * worker's, and a rule left behind would change the fleet board's "Console warns" answers of later specs.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  apiPaths,
  ChannelSchema,
  ChannelTestResultSchema,
  RuleSchema,
  type Channel,
  type Delivery,
  type Role,
} from '@csms-console/api-contract';
import type { APIRequestContext, Page, TestInfo } from '@playwright/test';
import { expectStatus } from '../fixtures/bff-api.js';
import { expect, test } from '../fixtures/index.js';
import { expectFitsWidth, expectNoSidewaysScroll, PHONE } from '../fixtures/layout.js';
import {
  checkPage,
  expectNoSeriousA11yViolations,
  README_VIEWPORT,
  saveReadmeScreenshot,
} from '../fixtures/page-checks.js';
import { signInByApi } from '../fixtures/sign-in.js';
import { NOTIFY_NAMES_ZH, NotificationsPage } from '../pages/notifications-page.js';

/** A webhook receiver: records every request as received (raw body), answers with `status`. */
class Receiver {
  readonly requests: { method: string; headers: IncomingHttpHeaders; body: string }[] = [];
  status = 200;
  readonly #server: Server;

  constructor() {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests.push({
          method: req.method ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        res.writeHead(this.status, { 'content-type': 'text/plain' }).end(this.status < 300 ? 'ok' : 'no');
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** What a receiver does: recompute the HMAC over the exact bytes received, compare in constant time. */
function signatureVerifies(key: string, headers: IncomingHttpHeaders, body: string): boolean {
  const timestamp = String(headers['x-console-timestamp']);
  const given = Buffer.from(String(headers['x-console-signature']));
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', key).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`,
  );
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const SIGNING_KEY = 'e2e-signing-key-0123456789abcdef';
const receiver = new Receiver();

test.beforeAll(async () => {
  await receiver.start();
});
test.afterAll(async () => {
  await receiver.close();
});
test.beforeEach(() => {
  receiver.status = 200;
});

/** Names unique to the test, so rows found by name are this test's even with older deliveries in the log. */
const uniqueName = (testInfo: TestInfo, what: string) =>
  `${what} ${testInfo.testId.slice(-8)}-${testInfo.retry}`;

/** Deletes every console rule, then every console channel (a channel in use cannot go first). */
async function removeAll(admin: APIRequestContext): Promise<void> {
  const rules = (await (await admin.get(apiPaths.notifyRules())).json()) as { items: { id: string }[] };
  for (const r of rules.items) await expectStatus(await admin.delete(apiPaths.notifyRule(r.id)), 204);
  const channels = (await (await admin.get(apiPaths.notifyChannels())).json()) as { items: { id: string }[] };
  for (const c of channels.items) await expectStatus(await admin.delete(apiPaths.notifyChannel(c.id)), 204);
}

/** A webhook channel on the receiver and a rule using it, made through the API (for the read-only views). */
async function seedByApi(
  admin: APIRequestContext,
  channelName: string,
  ruleName: string,
): Promise<{ channel: Channel; tests: Delivery[] }> {
  const created = await admin.post(apiPaths.notifyChannels(), {
    data: { kind: 'webhook', name: channelName, url: receiver.url, signing_key: SIGNING_KEY },
  });
  await expectStatus(created, 201);
  const channel = ChannelSchema.parse(await created.json());
  const rule = await admin.post(apiPaths.notifyRules(), {
    data: { name: ruleName, accounts: '*', versions: 'current', channels: [channel.id], language: 'en' },
  });
  await expectStatus(rule, 201);
  RuleSchema.parse(await rule.json());
  // One test that gets through and one that does not: both outcomes are in the log.
  const tests: Delivery[] = [];
  for (const status of [200, 500]) {
    receiver.status = status;
    const res = await admin.post(apiPaths.notifyChannelTest(channel.id));
    await expectStatus(res, 200);
    tests.push(ChannelTestResultSchema.parse(await res.json()).delivery);
  }
  receiver.status = 200;
  expect(tests.map((d) => d.status)).toEqual(['sent', 'failed']);
  return { channel, tests };
}

test.afterEach(async ({ api }) => {
  await removeAll(await api.login('admin'));
});

test('an admin makes a signed webhook channel and a rule, sends tests that succeed and fail, and reads them in the log', async ({
  page,
  loginAs,
  stack,
}, testInfo) => {
  const channel = uniqueName(testInfo, 'Ops hook');
  const rule = uniqueName(testInfo, 'Prod 30-7-1');
  await loginAs(page, 'admin');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notifications' }).click();
  const notify = new NotificationsPage(page);
  await notify.expectLoaded();
  await expect(page).toHaveURL(/\/notifications$/);

  // The channel form, checked by axe while open; the URL and key fields are write-only (password inputs).
  await notify.newChannel().click();
  await expect(notify.dialog()).toBeVisible();
  await expect(notify.dialogField('Webhook URL')).toHaveAttribute('type', 'password');
  await expectNoSeriousA11yViolations(page, testInfo, 'notify-channel-form');
  await notify.dialog().getByRole('button', { name: 'Cancel' }).click();
  await expect(notify.dialog()).toBeHidden();
  await notify.createChannel('webhook', {
    Name: channel,
    'Webhook URL': receiver.url,
    'Signing key': SIGNING_KEY,
  });
  await expect(notify.dialog()).toBeHidden();
  const row = notify.channelRow(channel);
  await expect(row).toContainText('Webhook (signed)');
  await expect(row).toContainText('127.0.0.1');
  await expect(row, 'no credential on the page').not.toContainText(SIGNING_KEY);
  await expect(row).toContainText('Nothing sent yet');

  // The rule: its lead times default to 30, 7, 1 days and "also when expired".
  await notify.newRule().click();
  await expect(notify.dialogField('Days before expiry')).toHaveValue('30, 7, 1');
  await expect(notify.dialog().getByRole('checkbox', { name: 'Also when expired' })).toBeChecked();
  await expectNoSeriousA11yViolations(page, testInfo, 'notify-rule-form');
  await notify.dialogField('Name').fill(rule);
  await notify.dialog().getByRole('checkbox', { name: channel }).check();
  await notify.save().click();
  await expect(notify.dialog()).toBeHidden();
  await expect(notify.ruleRow(rule)).toContainText('30, 7, 1 days + expired');
  await expect(notify.ruleRow(rule)).toContainText(channel);

  // Send test: the receiver gets one signed POST; the page says it was sent.
  const answered = page.waitForResponse((r) => r.url().endsWith('/test') && r.request().method() === 'POST');
  await notify.sendTest(channel).click();
  const first = ChannelTestResultSchema.parse(await (await answered).json()).delivery;
  await expect(notify.testResult(channel)).toContainText('Sent');
  expect(receiver.requests).toHaveLength(1);
  const hit = receiver.requests[0]!;
  expect(hit.method).toBe('POST');
  expect(hit.headers['content-type']).toMatch(/^application\/json/);
  expect(hit.headers['x-console-delivery']).toBe(first.id);
  expect(Math.abs(Number(hit.headers['x-console-timestamp']) * 1000 - Date.now())).toBeLessThan(60_000);
  expect(signatureVerifies(SIGNING_KEY, hit.headers, hit.body), 'the signature verifies').toBe(true);
  expect(signatureVerifies('another-key-0123456789abcdef', hit.headers, hit.body)).toBe(false);
  expect(JSON.parse(hit.body)).toMatchObject({ id: first.id, kind: 'test', events: [] });

  // The log shows the test, and its details say a test carries no warnings.
  const logRow = notify.logRows().filter({ hasText: channel });
  await expect(logRow).toHaveCount(1);
  await expect(logRow).toContainText('Test');
  await expect(logRow).toContainText('Sent');
  await logRow.getByRole('button', { name: /^Details of the delivery to / }).click();
  await expect(notify.dialog().getByRole('heading', { name: 'Delivery details' })).toBeVisible();
  await expect(notify.dialog()).toContainText('A test delivery carries no warnings.');
  await expect(notify.dialog()).toContainText('1 attempt');
  await expectNoSeriousA11yViolations(page, testInfo, 'notify-delivery-detail');
  await notify.dialog().getByRole('button', { name: 'Close' }).click();
  await expect(notify.dialog()).toBeHidden();

  // The receiver fails: the second test says so, and why, in the row and in the log.
  receiver.status = 500;
  await notify.sendTest(channel).click();
  await expect(notify.testResult(channel)).toContainText('Failed');
  await expect(notify.testResult(channel)).toContainText('The receiver answered with an error status.');
  expect(receiver.requests).toHaveLength(2);
  expect(signatureVerifies(SIGNING_KEY, receiver.requests[1]!.headers, receiver.requests[1]!.body)).toBe(
    true,
  );
  await expect(logRow).toHaveCount(2);
  await expect(logRow.first(), 'newest first').toContainText('Failed');
  await expect(logRow.first()).toContainText('The receiver answered with an error status.');
  await expect(logRow.nth(1)).toContainText('Sent');
  await checkPage(page, testInfo, 'notifications');
  // The signing key is write-only: not in any answer above, nor in what the BFF logged.
  expect(readFileSync(stack.bffLog, 'utf8')).not.toContain(SIGNING_KEY);
});

test('an admin checks now: the check is queued, then the status line shows it ran', async ({
  page,
  loginAs,
}) => {
  await loginAs(page, 'admin');
  const notify = new NotificationsPage(page);
  await notify.goto();
  const status = notify.schedulerStatus();
  await expect(status).toContainText('checks every');
  await status.getByRole('button', { name: 'Check now' }).click();
  await expect(status.getByRole('status')).toHaveText('Check queued. The status updates when it has run.');
  // The evaluation waits for the fleet scan (up to 20 s): the note changes once it is recorded.
  await expect(status.getByRole('status')).toContainText('Check finished', { timeout: 45_000 });
  await expect(status).toContainText(/Last checked (just now|1 minute ago)/);
  await expect(status.locator('.notice')).toHaveCount(0);
});

for (const role of ['auditor', 'support'] as const satisfies Role[]) {
  test(`${role}: sees the rules, channels and delivery log, and nothing that changes them`, async ({
    page,
    api,
    stack,
  }, testInfo) => {
    const channel = uniqueName(testInfo, 'Read hook');
    const rule = uniqueName(testInfo, 'Read rule');
    await seedByApi(await api.login('admin'), channel, rule);
    await signInByApi(page, stack, role);
    const notify = new NotificationsPage(page);
    await notify.goto();

    await expect(page.getByText('Only an admin can change notification settings.')).toBeVisible();
    await expect(notify.ruleRow(rule)).toContainText(channel);
    await expect(notify.channelRow(channel)).toContainText('Failed');
    await expect(notify.channelRow(channel)).toContainText('The receiver answered with an error status.');
    await expect(notify.logRows().filter({ hasText: channel })).toHaveCount(2);
    for (const control of [
      notify.newRule(),
      notify.newChannel(),
      notify.sendTest(channel),
      page.getByRole('button', { name: notify.names.editRule(rule) }),
      notify.deleteRule(rule),
      page.getByRole('button', { name: notify.names.editChannel(channel) }),
      notify.deleteChannel(channel),
      notify.schedulerStatus().getByRole('button', { name: 'Check now' }),
    ])
      await expect(control).toHaveCount(0);
    // Reading a delivery's details is not a change.
    await notify.logRows().filter({ hasText: channel }).first().getByRole('button').click();
    await expect(notify.dialog()).toContainText('A test delivery carries no warnings.');
    await checkPage(page, testInfo, `notifications-${role}`);
  });
}

test.describe('for the README', () => {
  test.use({ viewport: README_VIEWPORT });

  test('an admin sees a healthy webhook channel, its rule and a failed then a sent test in the log', async ({
    page,
    api,
    stack,
  }, testInfo) => {
    const admin = await api.login('admin');
    const created = await admin.post(apiPaths.notifyChannels(), {
      data: { kind: 'webhook', name: 'Ops on-call webhook', url: receiver.url, signing_key: SIGNING_KEY },
    });
    await expectStatus(created, 201);
    const channel = ChannelSchema.parse(await created.json());
    const rule = await admin.post(apiPaths.notifyRules(), {
      data: {
        name: 'Production secrets',
        accounts: '*',
        versions: 'current',
        channels: [channel.id],
        language: 'en',
      },
    });
    await expectStatus(rule, 201);
    // The receiver fails once, then takes the next test: the channel is healthy again, the log has both.
    const before = receiver.requests.length;
    for (const status of [500, 200]) {
      receiver.status = status;
      await expectStatus(await admin.post(apiPaths.notifyChannelTest(channel.id)), 200);
    }
    expect(receiver.requests).toHaveLength(before + 2);

    await signInByApi(page, stack, 'admin');
    const notify = new NotificationsPage(page);
    await notify.goto();
    await expect(notify.ruleRow('Production secrets')).toContainText('Ops on-call webhook');
    await expect(notify.channelRow('Ops on-call webhook')).toContainText('Webhook (signed)');
    await expect(notify.channelRow('Ops on-call webhook')).not.toContainText('Failed');
    // The log keeps deliveries of channels earlier tests of this worker deleted: show this channel's only.
    await notify.logFilters().getByRole('combobox', { name: 'Channel' }).selectOption('Ops on-call webhook');
    await expect(notify.logRows()).toHaveCount(2);
    await expect(notify.logRows().first(), 'newest first').toContainText('Sent');
    await expect(notify.logRows().nth(1)).toContainText('The receiver answered with an error status.');
    await saveReadmeScreenshot(page, testInfo, 'notifications', { fullPage: true });
  });
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });

  test('the page, its failure sentence and the delivery details read in Chinese', async ({
    page,
    api,
    stack,
  }, testInfo) => {
    const channel = uniqueName(testInfo, '运维 hook');
    const rule = uniqueName(testInfo, '生产规则');
    await seedByApi(await api.login('admin'), channel, rule);
    await signInByApi(page, stack, 'admin');
    await page.goto('/');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '通知' }).click();
    const notify = new NotificationsPage(page, NOTIFY_NAMES_ZH);
    await notify.expectLoaded();
    await expect(notify.ruleRow(rule)).toContainText('所有账号');
    await expect(notify.ruleRow(rule)).toContainText('+ 已到期');
    await expect(notify.channelRow(channel)).toContainText('失败');
    await expect(notify.channelRow(channel)).toContainText('接收方返回了错误状态码。');
    await expect(notify.logRows().filter({ hasText: channel })).toHaveCount(2);
    await expect(notify.newRule()).toBeVisible();
    await expect(notify.sendTest(channel)).toBeVisible();
    await checkPage(page, testInfo, 'notifications-zh');

    await notify.logRows().filter({ hasText: channel }).first().getByRole('button').click();
    await expect(notify.dialog().getByRole('heading', { name: '投递详情' })).toBeVisible();
    await expect(notify.dialog()).toContainText('测试投递不携带任何提醒。');
    await expectNoSeriousA11yViolations(page, testInfo, 'notifications-zh-detail');
  });
});

test.describe('on a phone', () => {
  test.use(PHONE);

  test('the page, the channel form and the delivery details fit the screen: no sideways scroll', async ({
    page,
    api,
    stack,
  }, testInfo) => {
    const channel = uniqueName(testInfo, 'Phone hook');
    const rule = uniqueName(testInfo, 'Phone rule');
    await seedByApi(await api.login('admin'), channel, rule);
    await signInByApi(page, stack, 'admin');
    const notify = new NotificationsPage(page);
    await notify.goto();
    await expect(notify.logRows().filter({ hasText: channel })).toHaveCount(2);
    await expectNoSidewaysScroll(page, 'notifications on a phone');
    await expectFitsWidth(notify.channelRow(channel));
    await expectFitsWidth(notify.logRows().filter({ hasText: channel }).first());
    await checkPage(page, testInfo, 'notifications-phone');

    await openAndFit(page, notify.newChannel(), notify, 'channel form');
    await notify.dialog().getByRole('button', { name: 'Cancel' }).click();
    await openAndFit(
      page,
      notify.logRows().filter({ hasText: channel }).first().getByRole('button'),
      notify,
      'delivery details',
    );
  });
});

/** Opens a dialog on a phone: it fits the screen, the page does not scroll sideways, axe finds nothing. */
async function openAndFit(
  page: Page,
  opener: ReturnType<Page['locator']>,
  notify: NotificationsPage,
  what: string,
): Promise<void> {
  await opener.click();
  await expect(notify.dialog()).toBeVisible();
  await expectFitsWidth(notify.dialog());
  await expectNoSidewaysScroll(page, `${what} on a phone`);
  await expectNoSeriousA11yViolations(page, test.info(), `notifications-phone-${what.replace(' ', '-')}`);
}

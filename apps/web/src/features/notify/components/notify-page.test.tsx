// @vitest-environment happy-dom
/**
 * The notifications page as an admin and as an auditor use it, against a fetch that answers as the BFF does:
 * every body the page sends is parsed with the contract's input schema (RuleInputSchema, ChannelInputSchema),
 * every answer with the schema of its route, and the log's query with DeliveryQuerySchema.
 */
import { apiPaths, ChannelSchema, ChannelTestResultSchema, RuleSchema } from '@csms-console/api-contract';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { activateLocale, loadPageMessages } from '../../../lib/i18n';
import {
  channelsTable,
  delivery,
  dialog,
  fail,
  feishu,
  hook,
  HOOK,
  openPage,
  rule,
  RULE,
  rulesTable,
  registerNotifyPageHooks,
} from '../../../testing/notify-page-fixtures';
import { NOW } from '../../../testing/secret-fixtures';

vi.setConfig({ testTimeout: 20_000 });

registerNotifyPageHooks();

describe('NotifyPage', () => {
  it('shows rules, channels and the log to an auditor without a single write control', async () => {
    openPage(false);
    const rules = await rulesTable();
    const [row, fromFile] = within(rules).getAllByRole('row').slice(1);
    expect(row!.textContent).toContain('Prod current');
    expect(row!.textContent).toContain('30, 7, 1 days + expired');
    expect(row!.textContent).toContain('Ops hook, Team Feishu');
    expect(row!.textContent).toContain('Current version only (SYSCURRENT)');
    expect(row!.textContent).toContain('Simplified Chinese');
    expect(within(fromFile!).getByText('from file')).toBeTruthy();

    const channels = await channelsTable();
    const hookRow = within(channels).getAllByRole('row')[1]!;
    expect(hookRow.textContent).toContain('Webhook (signed)');
    expect(hookRow.textContent).toContain('hooks.example.com');
    expect(hookRow.textContent).toContain('Failed');
    expect(hookRow.textContent).toContain("The receiver's host name does not resolve.");
    // The receiver's raw message (it names the host and could name more) is not the page's sentence.
    expect(hookRow.textContent).not.toContain('ENOTFOUND');

    await screen.findByRole('table', { name: /deliver/ });
    expect(screen.getByText('Only an admin can change notification settings.')).toBeTruthy();
    for (const name of [/^New rule$/, /^New channel$/, /^Edit/, /^Delete/, /^Send test/]) {
      expect(screen.queryByRole('button', { name })).toBeNull();
    }
  });

  it('gives an admin new, edit, delete and send test, but not on what came from the file', async () => {
    openPage(true);
    await rulesTable();
    expect(screen.getByRole('button', { name: 'New rule' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'New channel' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Edit rule Prod current' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Delete rule Prod current' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Edit rule From ops repo' })).toBeNull();
    await channelsTable();
    expect(screen.getByRole('button', { name: 'Send test to Ops hook' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Send test to Team Feishu' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Delete channel Ops hook' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Edit channel Team Feishu' })).toBeNull();
  });

  it('checks a new rule at its fields before sending, then sends what the contract accepts', async () => {
    const { user, writes, replies } = openPage(true);
    await rulesTable();
    await user.click(screen.getByRole('button', { name: 'New rule' }));
    const form = within(dialog());
    // The browser's own zone by default.
    expect(form.getByLabelText<HTMLInputElement>('Time zone of the warning').value).toBe(
      Intl.DateTimeFormat().resolvedOptions().timeZone,
    );
    const lead = form.getByLabelText<HTMLInputElement>('Days before expiry');
    expect(lead.value).toBe('30, 7, 1');
    await user.clear(lead);
    await user.type(lead, '7, 7');
    await user.click(form.getByRole('button', { name: 'Save' }));
    expect(lead.getAttribute('aria-invalid')).toBe('true');
    expect(lead.getAttribute('aria-describedby')).toContain('-error');
    expect(form.getByText('A lead time is repeated.')).toBeTruthy();
    expect(form.getByText('Give a name of at most 80 characters.')).toBeTruthy();
    expect(form.getByText('Choose at least one channel.')).toBeTruthy();
    await user.clear(lead);
    await user.type(lead, '400');
    await user.click(form.getByRole('button', { name: 'Save' }));
    expect(form.getByText('Each lead time must be from 1 to 365 days.')).toBeTruthy();
    expect(writes).toEqual([]);

    await user.type(form.getByLabelText('Name'), 'Staging');
    await user.clear(lead);
    await user.type(lead, '14, 3');
    await user.click(form.getByLabelText('Chosen accounts'));
    await user.click(form.getByLabelText('prod'));
    await user.click(form.getByLabelText('Any version with a stage'));
    await user.click(form.getByLabelText('Ops hook'));
    await user.selectOptions(form.getByLabelText('Language of the warning'), 'zh-CN');
    await user.clear(form.getByLabelText('Time zone of the warning'));
    await user.type(form.getByLabelText('Time zone of the warning'), 'Asia/Shanghai');
    replies.push({
      status: 201,
      body: RuleSchema.parse({ ...rule, id: '01JR00000000000000000000NW', name: 'Staging' }),
    });
    await user.click(form.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(writes).toEqual([
      {
        method: 'POST',
        path: apiPaths.notifyRules(),
        body: {
          name: 'Staging',
          enabled: true,
          accounts: ['prod'],
          versions: 'staged',
          lead_days: [14, 3],
          on_expiry: true,
          channels: [HOOK],
          language: 'zh-CN',
          time_zone: 'Asia/Shanghai',
        },
      },
    ]);
  });

  it("puts the BFF's field problems at their fields", async () => {
    const { user, replies } = openPage(true);
    await rulesTable();
    await user.click(screen.getByRole('button', { name: 'Edit rule Prod current' }));
    const form = within(dialog());
    expect(form.getByLabelText<HTMLInputElement>('Name').value).toBe('Prod current');
    replies.push(
      fail(400, 'invalid_input', {
        issues: [{ location: 'body', path: 'time_zone', message: 'must be an IANA time zone' }],
      }),
    );
    await user.click(form.getByRole('button', { name: 'Save' }));
    const zone = form.getByLabelText('Time zone of the warning');
    await waitFor(() => expect(zone.getAttribute('aria-invalid')).toBe('true'));
    expect(form.getByText('Use an IANA time zone such as Asia/Shanghai.')).toBeTruthy();
  });

  it('offers to create a channel when a new rule has none to pick', async () => {
    const { user } = openPage(true, { channels: [], rules: [] });
    await screen.findByText('No rule yet: no warning is sent.');
    await user.click(screen.getByRole('button', { name: 'New rule' }));
    expect(within(dialog()).getByText('There is no channel yet.')).toBeTruthy();
    await user.click(within(dialog()).getByRole('button', { name: 'New channel' }));
    expect(within(dialog()).getByRole('heading', { name: 'New channel' })).toBeTruthy();
  });

  it('never prefills a credential, keeps a stored one when left blank, and says a refused URL at its field', async () => {
    const { user, writes, replies } = openPage(true);
    await channelsTable();
    await user.click(screen.getByRole('button', { name: 'Edit channel Ops hook' }));
    const form = within(dialog());
    const url = form.getByLabelText<HTMLInputElement>('Webhook URL');
    const key = form.getByLabelText<HTMLInputElement>('Signing key');
    for (const input of [url, key]) {
      expect(input.value).toBe('');
      expect(input.type).toBe('password');
      expect(input.getAttribute('autocomplete')).toBe('off');
    }
    expect(form.getAllByText('Stored — leave blank to keep.')).toHaveLength(2);

    await user.clear(form.getByLabelText('Name'));
    await user.type(form.getByLabelText('Name'), 'Ops hook 2');
    replies.push({ status: 200, body: ChannelSchema.parse({ ...hook, name: 'Ops hook 2' }) });
    await user.click(form.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(writes.at(-1)).toEqual({
      method: 'PUT',
      path: apiPaths.notifyChannel(HOOK),
      body: { kind: 'webhook', name: 'Ops hook 2' },
    });

    await user.click(screen.getByRole('button', { name: 'New channel' }));
    const create = within(dialog());
    await user.type(create.getByLabelText('Name'), 'Internal');
    await user.click(create.getByRole('button', { name: 'Save' }));
    // Required credentials of a new webhook, checked before sending.
    expect(create.getAllByText('Required for this kind of channel.')).toHaveLength(2);
    await user.type(create.getByLabelText('Webhook URL'), 'http://10.0.0.5/hook');
    await user.type(create.getByLabelText('Signing key'), 'k'.repeat(32));
    replies.push(fail(422, 'channel_target_refused'));
    await user.click(create.getByRole('button', { name: 'Save' }));
    const refused = create.getByLabelText('Webhook URL');
    await waitFor(() => expect(refused.getAttribute('aria-invalid')).toBe('true'));
    expect(create.getByText(/it must be HTTPS and not internal/)).toBeTruthy();
    expect(writes.at(-1)).toEqual({
      method: 'POST',
      path: apiPaths.notifyChannels(),
      body: { kind: 'webhook', name: 'Internal', url: 'http://10.0.0.5/hook', signing_key: 'k'.repeat(32) },
    });
  });

  it('builds an email channel with its SMTP settings, the password left out when blank', async () => {
    const { user, writes, replies } = openPage(true);
    await channelsTable();
    await user.click(screen.getByRole('button', { name: 'New channel' }));
    const form = within(dialog());
    await user.selectOptions(form.getByLabelText('Kind'), 'email');
    await user.type(form.getByLabelText('Name'), 'Mail');
    await user.click(form.getByLabelText('STARTTLS (usually port 587)'));
    expect(form.getByLabelText<HTMLInputElement>('SMTP port').value).toBe('587');
    expect(form.getByLabelText<HTMLInputElement>('SMTP password (optional)').type).toBe('password');
    await user.type(form.getByLabelText('SMTP host'), 'smtp.example.com');
    await user.type(form.getByLabelText('From address'), 'console@example.com');
    await user.type(form.getByLabelText('Recipients'), 'a@example.com, b@example.com');
    replies.push({
      status: 201,
      body: ChannelSchema.parse({
        ...hook,
        id: '01JCHANMA00000000000000000',
        kind: 'email',
        secrets_set: [],
      }),
    });
    await user.click(form.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(writes.at(-1)!.body).toEqual({
      kind: 'email',
      name: 'Mail',
      smtp_host: 'smtp.example.com',
      smtp_port: 587,
      smtp_security: 'starttls',
      smtp_user: null,
      from: 'console@example.com',
      to: ['a@example.com', 'b@example.com'],
    });
  });

  it('shows a test result inline with its sentence and reads the log again', async () => {
    const { user, replies, logQueries, writes } = openPage(true);
    await channelsTable();
    await screen.findByRole('table', { name: /deliver/ });
    const before = logQueries.length;
    replies.push({
      status: 200,
      body: ChannelTestResultSchema.parse({
        delivery: delivery({
          id: 'd-test',
          kind: 'test',
          status: 'failed',
          sent_at: null,
          error: { code: 'timeout', message: 'no answer in 10 s' },
          event_count: 0,
        }),
      }),
    });
    await user.click(screen.getByRole('button', { name: 'Send test to Ops hook' }));
    const cell = screen.getByRole('button', { name: 'Send test to Ops hook' }).parentElement!;
    await waitFor(() => expect(cell.textContent).toContain('The receiver did not answer in time.'));
    expect(cell.textContent).toContain('Failed');
    expect(writes.at(-1)).toMatchObject({ method: 'POST', path: apiPaths.notifyChannelTest(HOOK) });
    await waitFor(() => expect(logQueries.length).toBeGreaterThan(before));

    replies.push({
      status: 200,
      body: ChannelTestResultSchema.parse({ delivery: delivery({ kind: 'test' }) }),
    });
    await user.click(screen.getByRole('button', { name: 'Send test to Team Feishu' }));
    const ok = screen.getByRole('button', { name: 'Send test to Team Feishu' }).parentElement!;
    await waitFor(() => expect(ok.textContent).toContain('Sent'));
  });

  it('deletes only after confirmation, and says why a channel in use stays', async () => {
    const { user, writes, replies } = openPage(true);
    await channelsTable();
    await user.click(screen.getByRole('button', { name: 'Delete channel Ops hook' }));
    expect(within(dialog()).getByRole('heading', { name: 'Delete channel Ops hook?' })).toBeTruthy();
    expect(writes).toEqual([]);
    replies.push(fail(409, 'channel_in_use'));
    await user.click(within(dialog()).getByRole('button', { name: 'Delete' }));
    await within(dialog()).findByText('A rule still uses this channel. Change the rule first.');
    expect(writes).toEqual([{ method: 'DELETE', path: apiPaths.notifyChannel(HOOK), body: undefined }]);
    await user.click(within(dialog()).getByRole('button', { name: 'Cancel' }));

    await user.click(screen.getByRole('button', { name: 'Delete rule Prod current' }));
    replies.push({ status: 204 });
    await user.click(within(dialog()).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(writes.at(-1)).toEqual({ method: 'DELETE', path: apiPaths.notifyRule(RULE), body: undefined });
  });

  it('pages the log by cursor, filters it, and says when a retrying delivery tries next', async () => {
    const retrying = delivery({
      id: 'd-2',
      status: 'retrying',
      attempts: 2,
      sent_at: null,
      next_attempt_at: NOW + 120_000,
      error: { code: 'receiver_status', message: 'HTTP 502' },
    });
    const { user, logQueries } = openPage(false, {
      log: {
        '': { items: [retrying], next_cursor: 'c2' },
        c2: { items: [delivery({ id: 'd-3' })], next_cursor: null },
      },
    });
    const log = await screen.findByRole('table', { name: /deliver/ });
    const row = within(log).getAllByRole('row')[1]!;
    expect(row.textContent).toContain('Retrying');
    expect(row.textContent).toContain('Next attempt:');
    expect(row.textContent).toContain('The receiver answered with an error status.');
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(log).getAllByRole('row')).toHaveLength(3));
    expect(logQueries.at(-1)).toEqual({ cursor: 'c2', limit: 50 });
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();

    await user.selectOptions(screen.getByLabelText('Status'), 'failed');
    await user.selectOptions(screen.getByLabelText('Channel'), HOOK);
    await waitFor(() => expect(logQueries.at(-1)).toEqual({ channel: HOOK, status: 'failed', limit: 50 }));
  });

  it('names the Chinese bots in Chinese', async () => {
    await activateLocale('zh-CN');
    await loadPageMessages();
    openPage(false, {
      channels: [
        feishu,
        { ...hook, id: '01JCHANDD00000000000000000', kind: 'dingtalk', name: 'dd' },
        { ...hook, id: '01JCHANWC00000000000000000', kind: 'wecom', name: 'wc' },
      ],
    });
    const channels = await screen.findByRole('table', { name: /渠道$/ });
    expect(channels.textContent).toContain('飞书机器人');
    expect(channels.textContent).toContain('钉钉机器人');
    expect(channels.textContent).toContain('企业微信机器人');
    expect(channels.textContent).toContain('无法解析接收方的主机名。');
    const rules = await screen.findByRole('table', { name: /规则$/ });
    expect(rules.textContent).toContain('提前 30, 7, 1 天 + 已到期');
  });
});

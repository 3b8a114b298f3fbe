// @vitest-environment happy-dom
/**
 * The rule and channel forms (react-hook-form over the contract's schemas) beyond the page's happy paths:
 * their messages in Chinese, removing a stored optional credential (sent as `null`), the BFF's field
 * problems on a channel, and Save held disabled while the request is out.
 */
import { apiPaths, ChannelSchema, RuleSchema, type Channel } from '@csms-console/api-contract';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { activateLocale, loadPageMessages } from '../../../lib/i18n';
import {
  channelsTable,
  dialog,
  fail,
  feishu,
  hook,
  openPage,
  rule,
  rulesTable,
  type Reply,
  registerNotifyPageHooks,
} from '../../../testing/notify-page-fixtures';

vi.setConfig({ testTimeout: 20_000 });

const BOT = '01JCHANDD00000000000000000';
const MAIL = '01JCHANMA00000000000000000';
/** A console DingTalk bot with its signing secret stored, and a mail channel with its password stored. */
const bot: Channel = {
  ...feishu,
  id: BOT,
  kind: 'dingtalk',
  name: 'DD bot',
  source: 'console',
  secrets_set: ['url', 'secret'],
};
const mail: Channel = {
  ...hook,
  id: MAIL,
  kind: 'email',
  name: 'Mail',
  target: 'smtp.example.com → a@example.com',
  secrets_set: ['smtp_password'],
  email: {
    smtp_host: 'smtp.example.com',
    smtp_port: 465,
    smtp_security: 'tls',
    smtp_user: 'console',
    from: 'console@example.com',
    to: ['a@example.com'],
  },
};

registerNotifyPageHooks();

describe('notification forms', () => {
  it('says its pre-submit problems in Chinese and sends nothing', async () => {
    await activateLocale('zh-CN');
    await loadPageMessages();
    const { user, writes } = openPage(true);
    await screen.findByRole('table', { name: /规则$/ });
    await user.click(screen.getByRole('button', { name: '新建规则' }));
    const form = within(dialog());
    const lead = form.getByLabelText<HTMLInputElement>('到期前天数');
    await user.clear(lead);
    await user.type(lead, '7, 7');
    await user.click(form.getByRole('button', { name: '保存' }));
    expect(form.getByText('提前天数有重复。')).toBeTruthy();
    expect(form.getByText('请填写名称，最多 80 个字符。')).toBeTruthy();
    expect(form.getByText('请至少选择一个渠道。')).toBeTruthy();
    await user.click(form.getByRole('button', { name: '取消' }));

    await user.click(screen.getByRole('button', { name: '新建渠道' }));
    const create = within(dialog());
    await user.type(create.getByLabelText('名称'), 'x');
    await user.type(create.getByLabelText('Webhook 地址'), 'not a url');
    await user.click(create.getByRole('button', { name: '保存' }));
    expect(create.getByText('请填写完整的 URL（https://…）。')).toBeTruthy();
    // The signing key is required on create: that, not the contract's "too short", is what it says.
    expect(create.getByText('此类渠道必须填写。')).toBeTruthy();
    expect(writes).toEqual([]);
  });

  it('removes a stored bot signing secret with the box, sending null, and offers it only when stored', async () => {
    const { user, writes, replies } = openPage(true, { channels: [hook, bot] });
    await channelsTable();
    await user.click(screen.getByRole('button', { name: 'Edit channel Ops hook' }));
    // A webhook's credentials are required: nothing to remove.
    expect(within(dialog()).queryByLabelText('Remove stored secret')).toBeNull();
    await user.click(within(dialog()).getByRole('button', { name: 'Cancel' }));

    await user.click(screen.getByRole('button', { name: 'Edit channel DD bot' }));
    const form = within(dialog());
    expect(form.getByLabelText<HTMLInputElement>('Signing secret (optional)').value).toBe('');
    await user.click(form.getByLabelText('Remove stored secret'));
    expect(form.queryByLabelText('Signing secret (optional)')).toBeNull();
    replies.push({ status: 200, body: ChannelSchema.parse({ ...bot, secrets_set: ['url'] }) });
    await user.click(form.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(writes.at(-1)).toEqual({
      method: 'PUT',
      path: apiPaths.notifyChannel(BOT),
      body: { kind: 'dingtalk', name: 'DD bot', secret: null },
    });
  });

  it('removes a stored SMTP password, keeps the rest of the email settings', async () => {
    const { user, writes, replies } = openPage(true, { channels: [mail] });
    await channelsTable();
    await user.click(screen.getByRole('button', { name: 'Edit channel Mail' }));
    const form = within(dialog());
    expect(form.getByLabelText<HTMLInputElement>('SMTP host').value).toBe('smtp.example.com');
    expect(form.getByLabelText<HTMLInputElement>('SMTP password (optional)').value).toBe('');
    await user.click(form.getByLabelText('Remove stored secret'));
    replies.push({ status: 200, body: ChannelSchema.parse({ ...mail, secrets_set: [] }) });
    await user.click(form.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(writes.at(-1)!.body).toEqual({
      kind: 'email',
      name: 'Mail',
      smtp_host: 'smtp.example.com',
      smtp_port: 465,
      smtp_security: 'tls',
      smtp_user: 'console',
      smtp_password: null,
      from: 'console@example.com',
      to: ['a@example.com'],
    });
  });

  it("puts a channel's 400 issues at their fields, and a refused SMTP host at the host", async () => {
    const { user, replies } = openPage(true, { channels: [mail] });
    await channelsTable();
    await user.click(screen.getByRole('button', { name: 'Edit channel Mail' }));
    const form = within(dialog());
    replies.push(
      fail(400, 'invalid_input', {
        issues: [{ location: 'body', path: 'to.0', message: 'must be an email address' }],
      }),
    );
    await user.click(form.getByRole('button', { name: 'Save' }));
    const to = form.getByLabelText('Recipients');
    await waitFor(() => expect(to.getAttribute('aria-invalid')).toBe('true'));
    expect(form.getByText('Give 1 to 50 email addresses.')).toBeTruthy();

    replies.push(fail(422, 'channel_target_refused'));
    await user.click(form.getByRole('button', { name: 'Save' }));
    const host = form.getByLabelText('SMTP host');
    await waitFor(() => expect(host.getAttribute('aria-invalid')).toBe('true'));
    expect(form.getByText(/it must be HTTPS and not internal/)).toBeTruthy();
  });

  it('holds Save disabled while the request is out', async () => {
    const { user, writes, replies } = openPage(true);
    await rulesTable();
    await user.click(screen.getByRole('button', { name: 'Edit rule Prod current' }));
    const form = within(dialog());
    let answer: (reply: Reply) => void = () => undefined;
    replies.push(new Promise<Reply>((resolve) => (answer = resolve)));
    await user.click(form.getByRole('button', { name: 'Save' }));
    const saving = await form.findByRole('button', { name: 'Saving…' });
    expect(saving.hasAttribute('disabled')).toBe(true);
    await user.click(saving);
    expect(writes).toHaveLength(1);
    answer({ status: 200, body: RuleSchema.parse(rule) });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(writes[0]!.body).toMatchObject({ name: 'Prod current', accounts: '*', lead_days: [30, 7, 1] });
  });
});

// @vitest-environment happy-dom
/**
 * The editor in Simplified Chinese: its words from the zh-CN catalogue, the calendar in the Chinese date
 * locale (weeks start on Monday, Chinese month and day names, its screen-reader names translated), and
 * failures in the user's language.
 */
import { cleanup, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { activateLocale } from '../../../lib/i18n';
import { openExpiryEditor } from '../../../testing/expiry-editor';
import { failure } from '../../../testing/fake-bff';
import { NOW, previous } from '../../../testing/secret-fixtures';

vi.setConfig({ testTimeout: 20_000 });

let savedTz: string | undefined;
beforeAll(async () => {
  savedTz = process.env.TZ;
  process.env.TZ = 'Asia/Shanghai';
  await activateLocale('zh-CN');
});
afterAll(async () => {
  process.env.TZ = savedTz;
  await activateLocale('en');
});
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  sessionStorage.clear();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const open = () => openExpiryEditor(previous, { title: '修改 v4 的过期时间' });

describe('the editor in Chinese', () => {
  it('labels its fields and steps in Chinese', async () => {
    const { ui, user } = open();
    // v4 expires 3 days after NOW (2026-11-23 13:30 UTC): 21:30 in Shanghai.
    expect(ui.getByRole('textbox', { name: '日期' })).toHaveProperty('value', '2026-11-26');
    expect(ui.getByRole('textbox', { name: '时间' })).toHaveProperty('value', '21:30:00');
    expect(ui.getByRole('group', { name: '时区' })).toBeTruthy();
    expect(ui.getByRole('radio', { name: '本地（Asia/Shanghai）' })).toHaveProperty('checked', true);
    expect(ui.getByRole('button', { name: '+30 天' })).toBeTruthy();
    expect(ui.getByRole('textbox', { name: '原因（必填）' })).toBeTruthy();
    expect(ui.getByRole('region', { name: '预览' })).toBeTruthy();

    await user.click(ui.getByRole('button', { name: '复核修改' }));
    expect(await ui.findByText('请填写此次修改的原因；原因将记入审计日志。')).toBeTruthy();
  });

  it('shows the calendar in Chinese, weeks starting on Monday', () => {
    const { ui } = open();
    const grid = ui.getByRole('grid');
    expect(grid.getAttribute('aria-label')).toBe('2026年11月');
    const headers = within(grid).getAllByRole('columnheader', { hidden: true }); // the row is aria-hidden
    expect(headers.map((h) => h.getAttribute('aria-label'))).toEqual([
      '星期一',
      '星期二',
      '星期三',
      '星期四',
      '星期五',
      '星期六',
      '星期日',
    ]);
    expect(within(grid).getByRole('button', { name: /^2026年11月26日.*，已选择$/ })).toBeTruthy();
    expect(ui.getByRole('button', { name: '前往下个月' })).toBeTruthy();
    expect(ui.getByRole('button', { name: '前往上个月' })).toBeTruthy();
  });

  it('says a failed save in Chinese, by its code', async () => {
    const { ui, user, bff } = open();
    await user.clear(ui.getByRole('textbox', { name: '日期' }));
    await user.type(ui.getByRole('textbox', { name: '日期' }), '2027-01-31');
    await user.type(ui.getByRole('textbox', { name: '原因（必填）' }), '年度轮换');
    await user.click(ui.getByRole('button', { name: '复核修改' }));
    await ui.findByRole('heading', { name: '复核对 v4 的修改' });
    bff.answerNextPut(failure(502, 'upstream_rejected', 'CSMS refused the change.'));
    await user.click(ui.getByRole('button', { name: '保存' }));
    const alert = await ui.findByRole('alert');
    expect(alert.textContent).toContain('修改未保存');
    expect(alert.textContent).toContain('CSMS 拒绝了此修改。');
    expect(alert.textContent).not.toContain('CSMS refused the change.');
  });
});

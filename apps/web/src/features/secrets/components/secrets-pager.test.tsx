// @vitest-environment happy-dom
/** The pager's summary in both languages: ICU plurals for the row count, the page number in the locale's digits. */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { activateLocale } from '../../../lib/i18n';
import { SecretsPager } from './secrets-pager';

function pager(page: number, rows: number) {
  render(
    <SecretsPager
      page={page}
      rows={rows}
      summaryId="summary"
      canGoBack
      canGoForward
      busy={false}
      onPrevious={() => undefined}
      onNext={() => undefined}
    />,
  );
  return document.getElementById('summary')?.textContent;
}

afterEach(async () => {
  cleanup();
  await activateLocale('en');
});

describe('SecretsPager', () => {
  it('says one secret and many secrets in English, with thousands separators', () => {
    expect(pager(1, 1)).toBe('Page 1 · 1 secret shown');
    cleanup();
    expect(pager(1234, 20)).toBe('Page 1,234 · 20 secrets shown');
    expect(screen.getByRole('navigation', { name: 'Pages of secrets' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Next page/ })).toBeTruthy();
  });

  it('speaks Chinese once zh-CN is active', async () => {
    await activateLocale('zh-CN');
    expect(pager(1234, 1)).toBe('第 1,234 页 · 显示 1 个凭据');
    expect(screen.getByRole('navigation', { name: '凭据分页' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /下一页/ })).toBeTruthy();
  });
});

// @vitest-environment happy-dom
/**
 * The versions table keeps its table semantics (columns named, each row headed by its version id), gives
 * every cell its column's name as the label a phone shows, and speaks the active language.
 */
import type { Version } from '@csms-console/api-contract';
import { cleanup, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { activateLocale } from '../../../lib/i18n';
import { DAY_MS } from '../../../lib/time';
import { VersionsTable } from './versions-table';
import type { RowAction } from './version-action';

const NOW = Date.UTC(2026, 10, 23, 13, 30, 0);
const versions: Version[] = [
  {
    id: 'v5',
    create_time: NOW - 100 * DAY_MS,
    expire_time: NOW + 12 * DAY_MS,
    version_stages: ['SYSCURRENT'],
  },
  { id: 'v4', create_time: NOW - 200 * DAY_MS, expire_time: NOW - 3 * DAY_MS, version_stages: [] },
];

function table(actionFor: (v: Version) => RowAction = () => ({ kind: 'enabled' })) {
  render(
    <MemoryRouter>
      <VersionsTable
        versions={versions}
        zone="UTC"
        now={NOW}
        actionFor={actionFor}
        onChangeExpiry={() => undefined}
        historyHref={(id) => `/audit?version=${id}`}
      />
    </MemoryRouter>,
  );
}

/** The cell of `column` in the row of `id`, found through the header's position, as a screen reader would. */
function cell(tableName: string, id: string, column: string) {
  const t = screen.getByRole('table', { name: tableName });
  const headers = within(t)
    .getAllByRole('columnheader')
    .map((h) => h.textContent);
  const row = within(t)
    .getAllByRole('row')
    .find((r) => within(r).queryByRole('rowheader', { name: id }) !== null)!;
  return within(row).getAllByRole('cell')[headers.indexOf(column) - 1]!;
}

afterEach(async () => {
  cleanup();
  await activateLocale('en');
});

describe('VersionsTable', () => {
  it('names its columns and labels each value with its column (the label a phone shows)', () => {
    table();
    const t = screen.getByRole('table', { name: 'Versions' });
    expect(
      within(t)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Version', 'Stages', 'Created', 'Expires', 'Status', 'Audit', 'Actions']);
    const expires = cell('Versions', 'v5', 'Expires');
    expect(expires.querySelector('.cell-label')?.textContent).toBe('Expires');
    expect(expires.textContent).toContain('expires in 12 days');
    expect(cell('Versions', 'v4', 'Status').textContent).toContain('Expired');
    const actions = cell('Versions', 'v5', 'Actions');
    expect(actions.querySelector('.cell-label')?.textContent).toBe('Actions');
    expect(within(actions).getByRole('button', { name: 'Change expiry of v5' })).toBeTruthy();
    // The visible label is for sight only: the column header names the cell for assistive technology.
    expect(actions.querySelector('.cell-label')?.getAttribute('aria-hidden')).toBe('true');
  });

  it('has no Actions column when no row offers one', () => {
    table(() => ({ kind: 'hidden' }));
    expect(screen.queryByRole('columnheader', { name: 'Actions' })).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('speaks Chinese once zh-CN is active', async () => {
    await activateLocale('zh-CN');
    table();
    expect(screen.getByRole('columnheader', { name: '过期时间' })).toBeTruthy();
    expect(cell('版本', 'v5', '过期时间').textContent).toContain('12 天内');
    expect(cell('版本', 'v4', '状态').textContent).toContain('已过期');
    expect(screen.getByRole('button', { name: '修改 v5 的过期时间' })).toBeTruthy();
    expect(screen.getByText('无标签')).toBeTruthy();
  });
});

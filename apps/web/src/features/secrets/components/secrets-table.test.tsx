// @vitest-environment happy-dom
/** The list's expiry columns: shown with a scan, with "Not in the scan" for secrets it did not read. */
import type { SecretListItem } from '@csms-console/api-contract';
import { cleanup, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { formatInstant } from '../../../lib/time';
import { SecretsTable } from './secrets-table';

const NOW = 1_800_000_000_000;
const DAY = 86_400_000;

const secret = (name: string, extra: Partial<SecretListItem> = {}): SecretListItem => ({
  id: `id-${name}`,
  name,
  state: 'ENABLED',
  secret_type: null,
  kms_key_id: null,
  description: null,
  create_time: null,
  update_time: null,
  scheduled_delete_time: null,
  event_subscriptions: [],
  ...extra,
});

const rows = [
  secret('due', { nearest_expire_time: NOW - 3 * DAY, worst_bucket: 'expired' }),
  secret('never', { nearest_expire_time: null, worst_bucket: 'none' }),
  secret('unseen'),
];

function table(scannedAt: number | null) {
  render(
    <MemoryRouter>
      <SecretsTable
        account="demo"
        secrets={rows}
        zone="UTC"
        now={NOW}
        busy={false}
        scannedAt={scannedAt}
        describedBy="summary"
      />
    </MemoryRouter>,
  );
  return screen.getByRole('table', { name: 'Secrets' });
}

const row = (t: HTMLElement, name: string) =>
  within(t)
    .getAllByRole('row')
    .find((r) => within(r).queryByRole('link', { name }) !== null)!;

afterEach(cleanup);

describe('SecretsTable expiry columns', () => {
  it('shows the nearest expiry and the most urgent bucket from the scan', () => {
    const t = table(NOW - DAY);
    expect(within(t).getByRole('columnheader', { name: /Nearest expiry/ })).toBeTruthy();
    expect(within(t).getByRole('columnheader', { name: 'Most urgent' })).toBeTruthy();
    const due = row(t, 'due');
    expect(due.textContent).toContain(formatInstant(NOW - 3 * DAY, 'UTC'));
    expect(due.textContent).toContain('expired 3 days ago');
    expect(due.textContent).toContain('Expired');
    expect(row(t, 'never').textContent).toContain('No expiry');
    expect(within(row(t, 'unseen')).getAllByText('Not in the scan')).toHaveLength(2);
  });

  it('has no expiry columns before any scan', () => {
    const t = table(null);
    expect(within(t).queryByRole('columnheader', { name: /Nearest expiry/ })).toBeNull();
    expect(within(t).queryByRole('columnheader', { name: 'Most urgent' })).toBeNull();
    expect(within(t).getAllByRole('columnheader')).toHaveLength(4);
  });
});
